package org.xsdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xsdnn.core.ModelCard;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.runtime.table.InterpolationError;
import org.xsdnn.runtime.table.LookupTable;
import org.xsdnn.runtime.table.ProgressLines;
import org.xsdnn.runtime.table.TableAxis;
import org.xsdnn.runtime.table.TableHeader;
import org.xsdnn.runtime.table.Tabulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "tabulate",
        mixinStandardHelpOptions = true,
        header = "Lookup table of σ mean and spread on an (E, θ, ω) grid, for generators to interpolate.",
        description = {
            "Scores every node of the grid E × θ × ω with the model and writes <out>.csv",
            "and <out>.xsdt, a compact binary table (layout: runtime/TABLE_FORMAT.md; Java",
            "reader with trilinear interpolation: org.xsdnn.runtime.table.LookupTable).",
            "σ is d²σ/(dΩ dω) per nucleus in nb/(sr·GeV): mean and population standard",
            "deviation over the members. Each axis is a list a,b,c or a grid",
            "start:stop:step, at least two values, strictly increasing. Nodes with ω ≥ E",
            "are not physical: they are not scored and hold NaN in both files.",
            "The interpolation error is then estimated: the model is evaluated at the",
            "midpoints of --error-cells random cells (seeded) and compared with the",
            "table's interpolation there; median and max go to stderr and the header.",
            "",
            "Examples:",
            "  xsdnn tabulate --model onnx-models/carbon-a --out carbon \\",
            "      -E 0.2:2.0:0.1 --theta 10:90:5 --omega 0.01:1.0:0.01",
            "  xsdnn tabulate -E 0.5,0.68,1.0 --theta 30:40:0.5 --omega 0:0.99:0.005 \\",
            "      --out tables/fine --threads 2",
            ""
        })
final class TabulateCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "<dir>",
            defaultValue = "${env:XSDNN_MODEL:-onnx-models/carbon-a2}",
            description =
                    "Model directory (xsdnn or NuWro layout). Default: $XSDNN_MODEL, else onnx-models/carbon-a2 (here: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = {"-E", "--energy"},
            required = true,
            paramLabel = "<GeV>",
            description = "Beam energies E in GeV, e.g. 0.2:2.0:0.1.")
    String energy;

    @Option(
            names = "--theta",
            required = true,
            paramLabel = "<deg>",
            description = "Scattering angles θ in degrees, e.g. 10:90:5.")
    String theta;

    @Option(
            names = "--omega",
            required = true,
            paramLabel = "<GeV>",
            description = "Energy transfers ω in GeV, e.g. 0.01:1.0:0.01.")
    String omega;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "<stem>",
            description =
                    "Output stem: writes <stem>.csv and <stem>.xsdt (each atomically). A trailing .csv or .xsdt is dropped.")
    Path out;

    @Option(
            names = "--batch",
            paramLabel = "<n>",
            defaultValue = "65536",
            description = "Points per ONNX Runtime call. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(
            names = "--error-cells",
            paramLabel = "<n>",
            defaultValue = "4096",
            description =
                    "Cells whose midpoints estimate the interpolation error (all when fewer), at least 1000. Default: ${DEFAULT-VALUE}.")
    int errorCells;

    @Option(
            names = "--seed",
            paramLabel = "<n>",
            defaultValue = "1",
            description = "Seed of the sample of cells. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--threads",
            paramLabel = "<n>",
            defaultValue = "1",
            description = "ONNX Runtime intra-op threads per member. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--progress",
            paramLabel = "<s>",
            defaultValue = "5",
            description =
                    "Seconds between progress lines on stderr (big tables only print them). Default: ${DEFAULT-VALUE}.")
    double progressSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        TableAxis e = GridAxes.axis("-E", "E", "GeV", energy, "0.2:2.0:0.1");
        TableAxis t = GridAxes.axis("--theta", "theta", "deg", theta, "10:90:5");
        TableAxis w = GridAxes.axis("--omega", "omega", "GeV", omega, "0.01:1.0:0.01");
        GridAxes.check(e, t, w);
        checkSettings();
        Path[] files = outputFiles(out);
        try (Ensemble ensemble = Ensemble.open(model, new ScoringOptions(threads, ScoringOptions.Device.CPU))) {
            ensemble.warnings().forEach(x -> err.println("xsdnn tabulate: warning: " + x));
            List<String> beyond = ensemble.card()
                    .map(ModelCard::domain)
                    .map(d -> d.beyond(range(e), range(t), range(w)))
                    .orElse(List.of());
            if (!beyond.isEmpty()) {
                err.println(
                        "xsdnn tabulate: warning: the grid extends beyond the kinematic range of the training data ("
                                + String.join("; ", beyond) + "); there the table holds extrapolations.");
            }
            long nodes = (long) e.size() * t.size() * w.size();
            long physical = Tabulator.physicalNodes(e, t, w);
            err.printf(
                    Locale.ROOT,
                    "xsdnn tabulate: %d × %d × %d = %d nodes, %d physical, %d with ω ≥ E stored as NaN; %d member%s, batches of %d%n",
                    e.size(),
                    t.size(),
                    w.size(),
                    nodes,
                    physical,
                    nodes - physical,
                    ensemble.members(),
                    ensemble.members() == 1 ? "" : "s",
                    batch);
            err.flush();
            Tabulator.Scorer scorer = Tabulator.Scorer.of(ensemble);
            ProgressLines progress = new ProgressLines(
                    line -> {
                        err.println("xsdnn tabulate: " + line);
                        err.flush();
                    },
                    progressSeconds);
            long start = System.nanoTime();
            LookupTable table = Tabulator.tabulate(e, t, w, scorer, batch, progress);
            double tabulated = (System.nanoTime() - start) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "xsdnn tabulate: scored %d points in %.1f s (%.0f points/s)%n",
                    physical,
                    tabulated,
                    physical / Math.max(tabulated, 1e-9));
            InterpolationError error = Tabulator.estimateError(table, scorer, errorCells, seed, batch, progress);
            InterpolationReport.print(err, error);

            TableHeader header = table.header()
                    .withAxes(List.of(
                            TableHeader.Axis.of(e, energy),
                            TableHeader.Axis.of(t, theta),
                            TableHeader.Axis.of(w, omega)))
                    .withModel(TableHeader.Model.of(ensemble))
                    .withInterpolationError(error)
                    .withProvenance(
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Version.get());
            table = table.withHeader(header);
            table.write(files[0]);
            table.writeCsv(files[1]);
            err.printf(
                    Locale.ROOT,
                    "xsdnn tabulate: wrote %s (%s) and %s (%s)%n",
                    files[0],
                    size(files[0]),
                    files[1],
                    size(files[1]));
        }
        return ExitCodes.OK;
    }

    private void checkSettings() throws XsdnnException {
        if (batch < 1) {
            throw usage("--batch " + batch + ": expected at least 1 point per call, e.g. --batch 65536.");
        }
        if (errorCells < 1000) {
            throw usage("--error-cells " + errorCells
                    + ": expected at least 1000 so that the median and maximum mean something "
                    + "(all cells are used when the grid has fewer).");
        }
        if (threads < 1) {
            throw usage("--threads " + threads + ": expected at least 1.");
        }
        if (!(progressSeconds >= 0)) {
            throw usage("--progress " + progressSeconds + ": expected seconds ≥ 0, e.g. --progress 5.");
        }
    }

    /** {@code <stem>.xsdt} and {@code <stem>.csv}, in a directory that exists. */
    static Path[] outputFiles(Path stem) throws XsdnnException {
        if (Files.isDirectory(stem)) {
            throw usage("--out " + stem + " is a directory; give a file stem such as " + stem.resolve("table")
                    + " (writes table.csv and table.xsdt there).");
        }
        String name = stem.getFileName().toString().replaceFirst("\\.(xsdt|csv)$", "");
        if (name.isEmpty()) {
            throw usage("--out " + stem + ": expected a file stem such as tables/carbon.");
        }
        Path parent = stem.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new XsdnnException(
                    ExitCodes.IO,
                    "--out " + stem + ": directory " + parent + " does not exist; create it first.",
                    null);
        }
        return new Path[] {parent.resolve(name + LookupTable.EXTENSION), parent.resolve(name + ".csv")};
    }

    private static ModelCard.Range range(TableAxis axis) {
        return new ModelCard.Range(axis.min(), axis.max());
    }

    private static String size(Path file) throws IOException {
        long bytes = Files.size(file);
        return bytes >= 1_000_000
                ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }

    private static XsdnnException usage(String message) {
        return new XsdnnException(ExitCodes.USAGE, message, null);
    }
}
