package org.xsdnn.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.runtime.Prediction;

/** Scored points as an aligned text table, CSV (header with units) or JSON. */
final class TableWriter {
    enum Format { table, csv, json }

    private TableWriter() {}

    static String write(Format format, double[][] points, Prediction p, boolean[] inDomain, boolean members) {
        List<String> header = new ArrayList<>(List.of("E_GeV", "theta_deg", "omega_GeV", "sigma_mean_nb_per_sr_GeV",
                "sigma_std_nb_per_sr_GeV", "rel_std", "in_domain"));
        int memberCount = members ? p.perMember().length : 0;
        for (int m = 0; m < memberCount; m++) {
            header.add(String.format("sigma_member_%02d", m));
        }
        int n = points[0].length;
        return switch (format) {
            case csv -> {
                StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
                for (int i = 0; i < n; i++) {
                    sb.append(String.join(",", row(points, p, inDomain, memberCount, i, "%.9g"))).append('\n');
                }
                yield sb.toString();
            }
            case table -> {
                StringBuilder sb = new StringBuilder();
                String fmt = "%-8s %-10s %-10s %-24s %-24s %-8s %-9s";
                sb.append(String.format(Locale.ROOT, fmt, (Object[]) header.subList(0, 7).toArray(String[]::new)));
                for (int m = 0; m < memberCount; m++) {
                    sb.append(String.format(Locale.ROOT, " %-16s", header.get(7 + m)));
                }
                sb.append('\n');
                for (int i = 0; i < n; i++) {
                    List<String> r = row(points, p, inDomain, memberCount, i, "%.5g");
                    sb.append(String.format(Locale.ROOT, fmt, (Object[]) r.subList(0, 7).toArray(String[]::new)));
                    for (int m = 0; m < memberCount; m++) {
                        sb.append(String.format(Locale.ROOT, " %-16s", r.get(7 + m)));
                    }
                    sb.append('\n');
                }
                yield sb.toString();
            }
            case json -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("E_GeV", points[0][i]);
                    row.put("theta_deg", points[1][i]);
                    row.put("omega_GeV", points[2][i]);
                    row.put("sigma_mean_nb_per_sr_GeV", p.mean()[i]);
                    row.put("sigma_std_nb_per_sr_GeV", p.std()[i]);
                    row.put("in_domain", inDomain[i]);
                    if (memberCount > 0) {
                        double[] ms = new double[memberCount];
                        for (int m = 0; m < memberCount; m++) {
                            ms[m] = p.perMember()[m][i];
                        }
                        row.put("sigma_members_nb_per_sr_GeV", ms);
                    }
                    rows.add(row);
                }
                yield new JsonRows(rows).json();
            }
        };
    }

    private static List<String> row(double[][] points, Prediction p, boolean[] inDomain, int members, int i, String numberFormat) {
        List<String> r = new ArrayList<>();
        r.add(String.format(Locale.ROOT, "%.6g", points[0][i]));
        r.add(String.format(Locale.ROOT, "%.6g", points[1][i]));
        r.add(String.format(Locale.ROOT, "%.6g", points[2][i]));
        r.add(String.format(Locale.ROOT, numberFormat, p.mean()[i]));
        r.add(String.format(Locale.ROOT, numberFormat, p.std()[i]));
        r.add(String.format(Locale.ROOT, "%.3f", p.mean()[i] == 0 ? 0 : p.std()[i] / p.mean()[i]));
        r.add(Boolean.toString(inDomain[i]));
        for (int m = 0; m < members; m++) {
            r.add(String.format(Locale.ROOT, numberFormat, p.perMember()[m][i]));
        }
        return r;
    }

    /** JSON through the project's one JSON dialect. */
    private record JsonRows(List<Map<String, Object>> points) {
        String json() {
            return CardJson.write(Map.of("units", "E, omega in GeV; theta in degrees; sigma per nucleus in nb/(sr GeV)", "points", points)) + "\n";
        }
    }
}
