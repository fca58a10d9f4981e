package org.xsdnn.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.ModelCard;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
        header = "Cross sections d²σ/(dΩ dω) with their ensemble spread from a frozen model.",
        description = {
            "Scores points (E [GeV], θ [deg], ω [GeV]) with every member of a model directory and prints the mean and",
            "population standard deviation over members, in nb/(sr·GeV) per nucleus (per steradian, not per d cos θ).",
            "Points come from -E/--theta/--omega (each a value, a list a,b,c or a grid start:stop:step; all",
            "combinations are scored) or from --input, a CSV file with columns E_GeV,theta_deg,omega_GeV.",
            "Points outside the kinematic range of the model's training data are flagged in the in_domain column.",
            "",
            "Examples:",
            "  xsdnn score -E 0.68 --theta 36 --omega 0.01:0.6:0.005",
            "  xsdnn score --model onnx-models/carbon-a --input points.csv --format json --members",
            ""})
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "<dir>",
            description = "Model directory (xsdnn or NuWro layout). Default: $XSDNN_MODEL, else onnx-models/carbon-a.")
    Path model;

    @Option(names = {"-E", "--energy"}, paramLabel = "<GeV>", converter = ValueList.Converter.class, description = "Beam energy E in GeV.")
    ValueList energy;

    @Option(names = "--theta", paramLabel = "<deg>", converter = ValueList.Converter.class, description = "Scattering angle θ in degrees.")
    ValueList theta;

    @Option(names = "--omega", paramLabel = "<GeV>", converter = ValueList.Converter.class, description = "Energy transfer ω in GeV.")
    ValueList omega;

    @Option(names = "--input", paramLabel = "<csv>", description = "CSV file of points with header E_GeV,theta_deg,omega_GeV.")
    Path input;

    @Option(names = "--format", paramLabel = "<fmt>", defaultValue = "table", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    TableWriter.Format format;

    @Option(names = "--output", paramLabel = "<file>", description = "Write the table to this file (atomically) instead of standard output.")
    Path output;

    @Option(names = "--members", description = "Also print each member's σ.")
    boolean members;

    @Option(names = "--threads", paramLabel = "<n>", defaultValue = "1", description = "ONNX Runtime intra-op threads per member. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--device", paramLabel = "<device>", defaultValue = "CPU",
            description = "${COMPLETION-CANDIDATES}. CUDA needs the GPU build (./mvnw -Pgpu install) and CUDA 12 + cuDNN 9; otherwise scoring falls back to CPU with a warning saying why. Default: ${DEFAULT-VALUE}.")
    ScoringOptions.Device device;

    @picocli.CommandLine.Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        double[][] points = points();
        Path dir = model != null ? model : defaultModel();
        try (Ensemble ensemble = Ensemble.open(dir, new ScoringOptions(threads, device))) {
            ensemble.warnings().forEach(w -> spec.commandLine().getErr().println("xsdnn score: warning: " + w));
            Prediction p = ensemble.score(points[0], points[1], points[2]);
            boolean[] inDomain = inDomain(ensemble.card().map(ModelCard::domain).orElse(null), points);
            long outside = 0;
            for (boolean b : inDomain) {
                outside += b ? 0 : 1;
            }
            if (outside > 0) {
                spec.commandLine().getErr().printf(Locale.ROOT,
                        "xsdnn score: warning: %d of %d points lie outside the kinematic range of the training data (in_domain = false); there the model extrapolates.%n",
                        outside, inDomain.length);
            }
            String table = TableWriter.write(format, points, p, inDomain, members);
            if (output != null) {
                AtomicFiles.write(output, table.getBytes(StandardCharsets.UTF_8));
            } else {
                spec.commandLine().getOut().print(table);
                spec.commandLine().getOut().flush();
            }
        }
        return ExitCodes.OK;
    }

    static Path defaultModel() {
        String env = System.getenv("XSDNN_MODEL");
        return Path.of(env != null && !env.isBlank() ? env : "onnx-models/carbon-a");
    }

    private double[][] points() throws IOException, XsdnnException {
        if (input != null) {
            if (energy != null || theta != null || omega != null) {
                throw new XsdnnException(ExitCodes.USAGE, "give either --input or -E/--theta/--omega, not both", null);
            }
            return readCsv(input);
        }
        if (energy == null || theta == null || omega == null) {
            throw new XsdnnException(ExitCodes.USAGE, "missing points: give -E, --theta and --omega (e.g. -E 0.68 --theta 36 --omega 0.01:0.6:0.005), or --input points.csv", null);
        }
        List<double[]> rows = new ArrayList<>();
        for (double e : energy.values()) {
            for (double t : theta.values()) {
                for (double w : omega.values()) {
                    rows.add(new double[] {e, t, w});
                }
            }
        }
        return columns(rows);
    }

    static double[][] readCsv(Path file) throws IOException, XsdnnException {
        List<double[]> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                    .setCommentMarker('#').get().parse(reader);
            for (String column : List.of("E_GeV", "theta_deg", "omega_GeV")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new XsdnnException(ExitCodes.BAD_DATA, file + ":1: header " + parser.getHeaderNames()
                            + " lacks column " + column + "; expected E_GeV,theta_deg,omega_GeV", null);
                }
            }
            for (CSVRecord record : parser) {
                double[] row = new double[3];
                String[] names = {"E_GeV", "theta_deg", "omega_GeV"};
                for (int c = 0; c < 3; c++) {
                    String value = record.isSet(names[c]) ? record.get(names[c]) : "";
                    try {
                        row[c] = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        // The line where this record ends: its own line for a one-line record, counting the
                        // header, comment and blank lines (record numbers count none of them).
                        throw new XsdnnException(ExitCodes.BAD_DATA, file + ":" + parser.getCurrentLineNumber() + ": column "
                                + names[c] + " is \"" + value + "\"; expected a number like 0.35.", e);
                    }
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new XsdnnException(ExitCodes.BAD_DATA, file + ": no points (expected a header E_GeV,theta_deg,omega_GeV and at least one row)", null);
        }
        return columns(rows);
    }

    private static double[][] columns(List<double[]> rows) {
        double[][] c = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 3; k++) {
                c[k][i] = rows.get(i)[k];
            }
        }
        return c;
    }

    private static boolean[] inDomain(ModelCard.Domain domain, double[][] points) {
        boolean[] in = new boolean[points[0].length];
        for (int i = 0; i < in.length; i++) {
            in[i] = domain == null || (within(domain.energyGeV(), points[0][i]) && within(domain.thetaDeg(), points[1][i])
                    && within(domain.omegaGeV(), points[2][i]));
        }
        return in;
    }

    private static boolean within(ModelCard.Range range, double v) {
        return range == null || (v >= range.min() && v <= range.max());
    }
}
