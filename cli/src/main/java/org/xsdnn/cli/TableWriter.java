package org.xsdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.points.PointBatch;
import org.xsdnn.runtime.points.PointScoring;

/** Scored points as an aligned text table, CSV (header with units) or JSON. */
final class TableWriter {
    enum Format {
        table,
        csv,
        json
    }

    private static final String UNITS = "E, omega in GeV; theta in degrees; sigma per nucleus in nb/(sr GeV)";
    private static final String TABLE_ROW = "%-8s %-10s %-10s %-24s %-24s %-8s %-9s";

    private TableWriter() {}

    /**
     * Writes the header with the first rows (so that a bad first point leaves no partial table), then rows chunk by
     * chunk as they are scored, then what closes the format.
     */
    static final class Stream implements PointScoring.Sink {
        private final Format format;
        private final PrintWriter out;
        private final int memberCount;
        private final String destination;
        private boolean headerWritten;
        private boolean firstJsonRow = true;
        private long written;

        /** @param destination where {@code out} goes, for the message when it stops taking output */
        Stream(Format format, PrintWriter out, int memberCount, String destination) {
            this.format = format;
            this.out = out;
            this.memberCount = memberCount;
            this.destination = destination;
        }

        private void header() {
            headerWritten = true;
            List<String> header = new ArrayList<>(List.of(
                    "E_GeV",
                    "theta_deg",
                    "omega_GeV",
                    "sigma_mean_nb_per_sr_GeV",
                    "sigma_std_nb_per_sr_GeV",
                    "rel_std",
                    "in_domain"));
            for (int m = 0; m < memberCount; m++) {
                header.add(String.format(Locale.ROOT, "sigma_member_%02d", m));
            }
            switch (format) {
                case csv -> out.println(String.join(",", header));
                case table -> out.println(tableLine(header));
                case json -> out.print("{\n  \"units\" : " + CardJson.write(UNITS) + ",\n  \"points\" : [");
            }
        }

        /** @throws IOException when the destination stopped taking output (a closed pipe, a full disk) */
        @Override
        public void accept(PointBatch points, Prediction p, boolean[] inDomain) throws IOException {
            if (!headerWritten) {
                header();
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < inDomain.length; i++) {
                switch (format) {
                    case csv ->
                        text.append(String.join(",", row(points, p, inDomain, memberCount, i, "%.9g")))
                                .append('\n');
                    case table ->
                        text.append(tableLine(row(points, p, inDomain, memberCount, i, "%.5g")))
                                .append('\n');
                    case json -> {
                        text.append(firstJsonRow ? " " : ", ")
                                .append(jsonRow(points, p, inDomain, i).replace("\n", "\n  "));
                        firstJsonRow = false;
                    }
                }
            }
            out.print(text);
            written += inDomain.length;
            if (out.checkError()) {
                throw new IOException("cannot write the table after " + written + " points: " + destination
                        + " was closed or is full");
            }
        }

        void finish() {
            if (!headerWritten) {
                header();
            }
            if (format == Format.json) {
                out.print(" ]\n}\n");
            }
            out.flush();
        }

        private String tableLine(List<String> cells) {
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT, TABLE_ROW, (Object[]) cells.subList(0, 7).toArray(String[]::new)));
            for (int m = 0; m < memberCount; m++) {
                line.append(String.format(Locale.ROOT, " %-16s", cells.get(7 + m)));
            }
            return line.toString();
        }

        private String jsonRow(PointBatch points, Prediction p, boolean[] inDomain, int i) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("E_GeV", points.energyGeV()[i]);
            row.put("theta_deg", points.thetaDeg()[i]);
            row.put("omega_GeV", points.omegaGeV()[i]);
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
            return CardJson.write(row);
        }
    }

    private static List<String> row(
            PointBatch points, Prediction p, boolean[] inDomain, int members, int i, String numberFormat) {
        List<String> r = new ArrayList<>();
        r.add(String.format(Locale.ROOT, "%.6g", points.energyGeV()[i]));
        r.add(String.format(Locale.ROOT, "%.6g", points.thetaDeg()[i]));
        r.add(String.format(Locale.ROOT, "%.6g", points.omegaGeV()[i]));
        r.add(String.format(Locale.ROOT, numberFormat, p.mean()[i]));
        r.add(String.format(Locale.ROOT, numberFormat, p.std()[i]));
        r.add(String.format(Locale.ROOT, "%.3f", p.mean()[i] == 0 ? 0 : p.std()[i] / p.mean()[i]));
        r.add(Boolean.toString(inDomain[i]));
        for (int m = 0; m < members; m++) {
            r.add(String.format(Locale.ROOT, numberFormat, p.perMember()[m][i]));
        }
        return r;
    }
}
