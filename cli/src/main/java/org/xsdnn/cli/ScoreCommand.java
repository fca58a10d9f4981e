package org.xsdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.ModelCard;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        header = "Cross sections d²σ/(dΩ dω) with their ensemble spread from a frozen model.",
        description = {
            "Scores points (E [GeV], θ [deg], ω [GeV]) with every member of a model directory and prints the mean and",
            "population standard deviation over members, in nb/(sr·GeV) per nucleus (per steradian, not per d cos θ).",
            "Points come from -E/--theta/--omega (each a value, a list a,b,c or a grid start:stop:step; all",
            "combinations are scored) or from --input, a CSV file with columns E_GeV,theta_deg,omega_GeV.",
            "In a grid, combinations with ω ≥ E are skipped and counted on standard error; a single point or a CSV row",
            "with ω ≥ E is an error naming it. Points are read, scored and written 4096 at a time.",
            "Points outside the kinematic range of the model's training data are flagged in the in_domain column.",
            "",
            "Examples:",
            "  xsdnn score -E 0.68 --theta 36 --omega 0.01:0.6:0.005",
            "  xsdnn score --model onnx-models/carbon-a2 --input points.csv --format json --members",
            ""
        })
final class ScoreCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "<dir>",
            defaultValue = "${env:XSDNN_MODEL:-onnx-models/carbon-a2}",
            description =
                    "Model directory (xsdnn or NuWro layout). Default: $XSDNN_MODEL, else onnx-models/carbon-a2 (here: ${DEFAULT-VALUE}).")
    Path model;

    /** Printed under picocli's message when points are missing or incomplete. */
    static final String POINTS_EXAMPLE = "Give the points as a grid, e.g. -E 0.68 --theta 36 --omega 0.01:0.6:0.005,"
            + " or as a CSV file: --input points.csv (columns E_GeV,theta_deg,omega_GeV).";

    /** Where the points come from: a grid or a CSV file, exactly one (picocli enforces it and says so). */
    @ArgGroup(exclusive = true, multiplicity = "1")
    Points points;

    static final class Points {
        @ArgGroup(exclusive = false)
        Grid grid;

        @Option(
                names = "--input",
                paramLabel = "<csv>",
                required = true,
                description = "CSV file of points with header E_GeV,theta_deg,omega_GeV.")
        Path input;
    }

    /** A grid: every combination of the three lists. */
    static final class Grid {
        @Option(
                names = {"-E", "--energy"},
                paramLabel = "<GeV>",
                required = true,
                converter = ValueList.Converter.class,
                description = "Beam energy E in GeV.")
        ValueList energy;

        @Option(
                names = "--theta",
                paramLabel = "<deg>",
                required = true,
                converter = ValueList.Converter.class,
                description = "Scattering angle θ in degrees.")
        ValueList theta;

        @Option(
                names = "--omega",
                paramLabel = "<GeV>",
                required = true,
                converter = ValueList.Converter.class,
                description = "Energy transfer ω in GeV.")
        ValueList omega;
    }

    @Option(
            names = "--format",
            paramLabel = "<fmt>",
            defaultValue = "table",
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    TableWriter.Format format;

    @Option(
            names = "--output",
            paramLabel = "<file>",
            description = "Write the table to this file (atomically) instead of standard output.")
    Path output;

    @Option(names = "--members", description = "Also print each member's σ.")
    boolean members;

    @Option(
            names = "--threads",
            paramLabel = "<n>",
            defaultValue = "1",
            description = "ONNX Runtime intra-op threads per member. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--device",
            paramLabel = "<device>",
            defaultValue = "CPU",
            description =
                    "${COMPLETION-CANDIDATES}. CUDA needs the GPU build (./mvnw -Pgpu install) and CUDA 12 + cuDNN 9; otherwise scoring falls back to CPU with a warning saying why. Default: ${DEFAULT-VALUE}.")
    ScoringOptions.Device device;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Points read, scored and written at a time: memory stays flat at any N and output starts at once. */
    static final int CHUNK = 4096;

    private static final String[] COLUMNS = {"E_GeV", "theta_deg", "omega_GeV"};

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (PointSource source = source()) {
            Path dir = model;
            try (Ensemble ensemble = Ensemble.open(dir, new ScoringOptions(threads, device))) {
                ensemble.warnings().forEach(w -> err.println("xsdnn score: warning: " + w));
                ModelCard.Domain domain = ensemble.card().map(ModelCard::domain).orElse(null);
                long[] counts = output != null
                        ? scoreToFile(source, ensemble, domain)
                        : scoreTo(spec.commandLine().getOut(), source, ensemble, domain);
                if (counts[1] > 0) {
                    err.printf(
                            Locale.ROOT,
                            "xsdnn score: warning: %d of %d points lie outside the kinematic range of the training data (in_domain = false); there the model extrapolates.%n",
                            counts[1],
                            counts[0]);
                }
                if (source.skipped() > 0) {
                    err.printf(
                            Locale.ROOT,
                            "xsdnn score: skipped %d of %d grid combinations with omega >= E (no physical point).%n",
                            source.skipped(),
                            source.skipped() + counts[0]);
                }
            }
        }
        return ExitCodes.OK;
    }

    /** Writes to a temporary file beside {@code --output} and renames it over it once every point is written. */
    private long[] scoreToFile(PointSource source, Ensemble ensemble, ModelCard.Domain domain) throws Exception {
        Path target = output.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new XsdnnException(
                    ExitCodes.IO, "cannot write --output " + output + ": is a directory; expected a file name", null);
        }
        Path parent = target.getParent();
        if (!Files.isDirectory(parent)) {
            throw new XsdnnException(
                    ExitCodes.IO,
                    "cannot write --output " + output + ": directory " + parent
                            + (Files.exists(parent) ? " is not a directory" : " does not exist") + "; create it first",
                    null);
        }
        Path temp;
        try {
            temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new XsdnnException(
                    ExitCodes.IO, "cannot write --output " + output + ": directory " + parent + " is not writable", e);
        }
        try {
            long[] counts;
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8))) {
                counts = scoreTo(file, source, ensemble, domain);
            }
            AtomicFiles.readableByAll(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return counts;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Scores chunk by chunk into {@code out}; returns {points written, points outside the training domain}. */
    private long[] scoreTo(PrintWriter out, PointSource source, Ensemble ensemble, ModelCard.Domain domain)
            throws Exception {
        // The first chunk before the header: a bad first point is reported without a partial table.
        double[][] first = source.next();
        TableWriter.Stream table = new TableWriter.Stream(format, out, members ? ensemble.members() : 0);
        long written = 0;
        long outside = 0;
        for (double[][] chunk = first; chunk != null; chunk = source.next()) {
            Prediction p = ensemble.score(chunk[0], chunk[1], chunk[2]);
            boolean[] in = inDomain(domain, chunk);
            for (boolean b : in) {
                outside += b ? 0 : 1;
            }
            table.rows(chunk, p, in);
            written += in.length;
            if (out.checkError()) {
                throw new XsdnnException(
                        ExitCodes.IO,
                        "cannot write the table after " + written + " points: "
                                + (output != null ? output : "standard output") + " was closed or is full",
                        null);
            }
        }
        table.finish();
        return new long[] {written, outside};
    }

    private PointSource source() throws IOException, XsdnnException {
        if (points.input != null) {
            return new CsvPoints(points.input);
        }
        return new GridPoints(points.grid.energy.values(), points.grid.theta.values(), points.grid.omega.values());
    }

    /** Points in chunks of at most {@link #CHUNK}; {@code null} after the last. */
    private interface PointSource extends AutoCloseable {
        double[][] next() throws IOException, XsdnnException;

        /** Grid combinations left out because ω ≥ E. */
        default long skipped() {
            return 0;
        }

        @Override
        default void close() throws IOException {}
    }

    /**
     * Every combination of the three lists, ω fastest. A combination with ω ≥ E is skipped and counted when the
     * grid has more than one combination (a scan over ω at several E naturally crosses ω = E); a single point
     * with ω ≥ E, and any other unphysical value, is a usage error naming it.
     */
    private static final class GridPoints implements PointSource {
        private final double[] e;
        private final double[] t;
        private final double[] w;
        private final boolean single;
        private long index;
        private long skipped;

        GridPoints(double[] e, double[] t, double[] w) {
            this.e = e;
            this.t = t;
            this.w = w;
            this.single = (long) e.length * t.length * w.length == 1;
        }

        @Override
        public double[][] next() throws XsdnnException {
            long total = (long) e.length * t.length * w.length;
            double[][] chunk = new double[3][CHUNK];
            int n = 0;
            for (; index < total && n < CHUNK; index++) {
                double energyGeV = e[(int) (index / ((long) t.length * w.length))];
                double thetaDeg = t[(int) (index / w.length % t.length)];
                double omegaGeV = w[(int) (index % w.length)];
                String problem = Kinematics.validate(energyGeV, thetaDeg, omegaGeV);
                if (problem != null) {
                    if (single || !Kinematics.isAboveBeamEnergy(energyGeV, thetaDeg, omegaGeV)) {
                        throw new XsdnnException(ExitCodes.USAGE, problem, null);
                    }
                    skipped++;
                    continue;
                }
                chunk[0][n] = energyGeV;
                chunk[1][n] = thetaDeg;
                chunk[2][n] = omegaGeV;
                n++;
            }
            if (n == 0) {
                if (index == total && skipped == total) {
                    throw new XsdnnException(
                            ExitCodes.USAGE,
                            "every one of the " + total + " grid combinations has omega >= E; "
                                    + "expected some omega below the beam energy E",
                            null);
                }
                return null;
            }
            return trim(chunk, n);
        }

        @Override
        public long skipped() {
            return skipped;
        }
    }

    /** A CSV file E_GeV,theta_deg,omega_GeV read row by row; each bad row is refused with file:line. */
    private static final class CsvPoints implements PointSource {
        private final Path file;
        private final Reader reader;
        private final org.apache.commons.csv.CSVParser parser;
        private final java.util.Iterator<CSVRecord> records;
        private long rows;

        CsvPoints(Path file) throws IOException, XsdnnException {
            this.file = file;
            if (Files.isDirectory(file)) {
                throw new XsdnnException(
                        ExitCodes.IO, "cannot read --input " + file + ": is a directory; expected a CSV file", null);
            }
            try {
                reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new XsdnnException(ExitCodes.IO, "cannot read --input " + IoMessages.describe(file, e), e);
            }
            try {
                skipByteOrderMark(reader);
                parser = CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setIgnoreSurroundingSpaces(true)
                        .setCommentMarker('#')
                        .get()
                        .parse(reader);
                for (String column : COLUMNS) {
                    if (!parser.getHeaderMap().containsKey(column)) {
                        throw new XsdnnException(
                                ExitCodes.BAD_DATA,
                                file + ":1: header " + parser.getHeaderNames() + " lacks column " + column
                                        + "; expected E_GeV,theta_deg,omega_GeV",
                                null);
                    }
                }
                records = parser.iterator();
            } catch (IOException | XsdnnException | RuntimeException e) {
                reader.close();
                throw e;
            }
        }

        /** Spreadsheets save UTF-8 with a byte-order mark, which would otherwise join the first column's name. */
        private static void skipByteOrderMark(Reader reader) throws IOException {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        }

        @Override
        public double[][] next() throws XsdnnException {
            double[][] chunk = new double[3][CHUNK];
            int n = 0;
            while (n < CHUNK && records.hasNext()) {
                CSVRecord record = records.next();
                // The line where this record ends: its own line for a one-line record, counting the header,
                // comment and blank lines (record numbers count none of them).
                String where = file + ":" + parser.getCurrentLineNumber() + ": ";
                if (record.size() > parser.getHeaderNames().size()) {
                    throw new XsdnnException(
                            ExitCodes.BAD_DATA,
                            where + record.size() + " fields, but the header names "
                                    + parser.getHeaderNames().size() + " (" + String.join(",", parser.getHeaderNames())
                                    + "); remove the extra field or name it in the header",
                            null);
                }
                for (int c = 0; c < 3; c++) {
                    String value = record.isSet(COLUMNS[c]) ? record.get(COLUMNS[c]) : "";
                    try {
                        chunk[c][n] = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new XsdnnException(
                                ExitCodes.BAD_DATA,
                                where + "column " + COLUMNS[c] + " is \"" + value + "\"; expected a number like 0.35.",
                                e);
                    }
                }
                String problem = Kinematics.validate(chunk[0][n], chunk[1][n], chunk[2][n]);
                if (problem != null) {
                    throw new XsdnnException(ExitCodes.BAD_DATA, where + problem, null);
                }
                n++;
            }
            rows += n;
            if (n == 0) {
                if (rows == 0) {
                    throw new XsdnnException(
                            ExitCodes.BAD_DATA,
                            file + ": no points (expected a header E_GeV,theta_deg,omega_GeV and at least one row)",
                            null);
                }
                return null;
            }
            return trim(chunk, n);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private static double[][] trim(double[][] chunk, int n) {
        return n == CHUNK
                ? chunk
                : new double[][] {Arrays.copyOf(chunk[0], n), Arrays.copyOf(chunk[1], n), Arrays.copyOf(chunk[2], n)};
    }

    private static boolean[] inDomain(ModelCard.Domain domain, double[][] points) {
        boolean[] in = new boolean[points[0].length];
        for (int i = 0; i < in.length; i++) {
            in[i] = domain == null || domain.contains(points[0][i], points[1][i], points[2][i]);
        }
        return in;
    }
}
