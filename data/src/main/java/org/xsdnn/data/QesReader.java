package org.xsdnn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xsdnn.core.Kinematics;

/**
 * Reads files of the Quasielastic Electron Nucleus Scattering Archive (Benhar, Day, Sick).
 *
 * <p>One point per line, whitespace-separated: Z, A, E [GeV], θ [deg], ω [GeV], σ [nb/(sr·GeV)],
 * error, citation key. Lines of JLab E02-019 (Fomin:2010ei) in some files carry two error columns,
 * statistical and systematic, which are added in quadrature. Blank lines and lines starting with
 * {@code #} (the header GENIE added to its copies) are skipped.
 */
public final class QesReader {
    /** A plain decimal number; stricter than Double.parseDouble, which also takes "NaN", "1d" or hex. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Z and A: whole numbers below 1000. */
    private static final Pattern COUNT = Pattern.compile("\\d{1,3}");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String LAYOUT =
            "8 columns (Z A E theta omega sigma error key) or 9 (Z A E theta omega sigma stat syst key)";

    private record Column(String name, String example) {}

    private static final List<Column> EIGHT = List.of(
            new Column("Z", "6"),
            new Column("A", "12"),
            new Column("E, GeV", "0.68"),
            new Column("theta, deg", "36.0"),
            new Column("omega, GeV", "0.35"),
            new Column("sigma, nb/(sr GeV)", "1.23e+03"),
            new Column("error, nb/(sr GeV)", "45.6"));
    private static final List<Column> NINE = List.of(
            EIGHT.get(0),
            EIGHT.get(1),
            EIGHT.get(2),
            EIGHT.get(3),
            EIGHT.get(4),
            EIGHT.get(5),
            new Column("stat. error, nb/(sr GeV)", "45.6"),
            new Column("syst. error, nb/(sr GeV)", "2.3"));

    private QesReader() {}

    /**
     * The points of one archive file.
     *
     * @param points the usable points, in file order
     * @param droppedNonPositiveSigma how many lines had σ ≤ 0
     * @param droppedNonPositiveError how many lines had an error ≤ 0 (a line can count in both)
     * @param dropped the points left out for either reason, in file order
     */
    public record ReadResult(
            Path file,
            List<DataPoint> points,
            int droppedNonPositiveSigma,
            int droppedNonPositiveError,
            List<DataPoint> dropped) {
        public ReadResult {
            points = List.copyOf(points);
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * Reads an archive file. Points with σ ≤ 0 or error ≤ 0 are not returned but counted.
     *
     * @throws DataFormatException for a line with the wrong number of columns, a value that is not
     *     a finite decimal number, unphysical kinematics, or a file without any data line
     */
    /** The UTF-8 byte-order mark EF BB BF (spreadsheets write one) as the ISO-8859-1 reader below decodes it. */
    private static final String UTF8_BOM_AS_LATIN1 = "\u00EF\u00BB\u00BF";

    public static ReadResult read(Path file) throws IOException, DataFormatException {
        String name = file.getFileName().toString();
        List<DataPoint> points = new ArrayList<>();
        List<DataPoint> dropped = new ArrayList<>();
        int badSigma = 0;
        int badError = 0;
        // ISO-8859-1 decodes every byte, so a binary or corrupt download is reported as a
        // malformed line with its number, not as a charset failure.
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (lineNo == 1 && line.startsWith(UTF8_BOM_AS_LATIN1)) {
                    line = line.substring(UTF8_BOM_AS_LATIN1.length());
                }
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] cols = WHITESPACE.split(text);
                List<Column> layout = switch (cols.length) {
                    case 8 -> EIGHT;
                    case 9 -> NINE;
                    default ->
                        throw new DataFormatException(
                                name, lineNo, "found " + cols.length + " columns; expected " + LAYOUT + ".");
                };
                int z = count(name, lineNo, cols, 0, layout);
                int a = count(name, lineNo, cols, 1, layout);
                double e = number(name, lineNo, cols, 2, layout);
                double theta = number(name, lineNo, cols, 3, layout);
                double omega = number(name, lineNo, cols, 4, layout);
                double sigma = number(name, lineNo, cols, 5, layout);
                double error;
                boolean errorOk;
                if (layout == EIGHT) {
                    error = number(name, lineNo, cols, 6, layout);
                    errorOk = error > 0;
                } else {
                    double stat = number(name, lineNo, cols, 6, layout);
                    double syst = number(name, lineNo, cols, 7, layout);
                    error = Math.hypot(stat, syst);
                    errorOk = stat >= 0 && syst >= 0 && error > 0;
                }
                String key = cols[cols.length - 1];
                if (DECIMAL.matcher(key).matches()) {
                    throw new DataFormatException(
                            name,
                            lineNo,
                            "column " + cols.length + " (dataset key) is \"" + key
                                    + "\"; expected a citation key like Barreau:1983ht.");
                }
                String problem = Kinematics.validate(e, theta, omega);
                if (problem != null) {
                    throw new DataFormatException(name, lineNo, problem + ".");
                }
                DataPoint p = new DataPoint(z, a, e, theta, omega, sigma, error, key, name, lineNo);
                boolean sigmaOk = sigma > 0;
                badSigma += sigmaOk ? 0 : 1;
                badError += errorOk ? 0 : 1;
                (sigmaOk && errorOk ? points : dropped).add(p);
            }
        }
        if (points.isEmpty() && dropped.isEmpty()) {
            throw new DataFormatException(name, 0, "no data lines; expected lines of " + LAYOUT + ".");
        }
        return new ReadResult(file, points, badSigma, badError, dropped);
    }

    /** Parses a finite plain decimal number; null when {@code s} is not one. */
    static Double decimal(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            return null;
        }
        double v = Double.parseDouble(s);
        return Double.isFinite(v) ? v : null;
    }

    private static double number(String file, int line, String[] cols, int i, List<Column> layout)
            throws DataFormatException {
        Double v = decimal(cols[i]);
        if (v == null) {
            throw columnError(
                    file,
                    line,
                    cols,
                    i,
                    layout,
                    "a number like " + layout.get(i).example());
        }
        return v;
    }

    private static int count(String file, int line, String[] cols, int i, List<Column> layout)
            throws DataFormatException {
        if (!COUNT.matcher(cols[i]).matches()) {
            throw columnError(
                    file,
                    line,
                    cols,
                    i,
                    layout,
                    "a whole number like " + layout.get(i).example());
        }
        return Integer.parseInt(cols[i]);
    }

    private static DataFormatException columnError(
            String file, int line, String[] cols, int i, List<Column> layout, String expected) {
        return new DataFormatException(
                file,
                line,
                "column " + (i + 1) + " (" + layout.get(i).name() + ") is \"" + cols[i] + "\"; expected " + expected
                        + ".");
    }
}
