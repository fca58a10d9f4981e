package org.xsdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.runtime.table.InterpolationError;
import org.xsdnn.runtime.table.LookupTable;
import org.xsdnn.runtime.table.TableAxis;
import org.xsdnn.runtime.table.TableHeader;
import org.xsdnn.runtime.table.Tabulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tabulate", mixinStandardHelpOptions = true,
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
            ""})
final class TabulateCommand implements Callable<Integer> {
    /** Above this median relative error of σ mean at cell midpoints the command suggests a finer grid. */
    static final double HINT_MEDIAN = 0.01;

    @Option(names = "--model", paramLabel = "<dir>", defaultValue = "${env:XSDNN_MODEL:-onnx-models/carbon-a2}",
            description = "Model directory (xsdnn or NuWro layout). Default: $XSDNN_MODEL, else onnx-models/carbon-a2 (here: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = {"-E", "--energy"}, required = true, paramLabel = "<GeV>", description = "Beam energies E in GeV, e.g. 0.2:2.0:0.1.")
    String energy;

    @Option(names = "--theta", required = true, paramLabel = "<deg>", description = "Scattering angles θ in degrees, e.g. 10:90:5.")
    String theta;

    @Option(names = "--omega", required = true, paramLabel = "<GeV>", description = "Energy transfers ω in GeV, e.g. 0.01:1.0:0.01.")
    String omega;

    @Option(names = "--out", required = true, paramLabel = "<stem>",
            description = "Output stem: writes <stem>.csv and <stem>.xsdt (each atomically). A trailing .csv or .xsdt is dropped.")
    Path out;

    @Option(names = "--batch", paramLabel = "<n>", defaultValue = "65536", description = "Points per ONNX Runtime call. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--error-cells", paramLabel = "<n>", defaultValue = "4096",
            description = "Cells whose midpoints estimate the interpolation error (all when fewer), at least 1000. Default: ${DEFAULT-VALUE}.")
    int errorCells;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Seed of the sample of cells. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "<n>", defaultValue = "1", description = "ONNX Runtime intra-op threads per member. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--progress", paramLabel = "<s>", defaultValue = "5",
            description = "Seconds between progress lines on stderr (big tables only print them). Default: ${DEFAULT-VALUE}.")
    double progressSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        TableAxis e = axis("-E", "E", "GeV", energy, "0.2:2.0:0.1");
        TableAxis t = axis("--theta", "theta", "deg", theta, "10:90:5");
        TableAxis w = axis("--omega", "omega", "GeV", omega, "0.01:1.0:0.01");
        checkGrid(e, t, w);
        checkSettings();
        Path[] files = outputFiles(out);
        Path dir = model;

        try (Ensemble ensemble = Ensemble.open(dir, new ScoringOptions(threads, ScoringOptions.Device.CPU))) {
            ensemble.warnings().forEach(x -> err.println("xsdnn tabulate: warning: " + x));
            ensemble.card().map(ModelCard::domain).ifPresent(d -> outsideDomain(d, e, t, w).ifPresent(
                    x -> err.println("xsdnn tabulate: warning: " + x)));
            long nodes = (long) e.size() * t.size() * w.size();
            long physical = Tabulator.physicalNodes(e, t, w);
            err.printf(Locale.ROOT, "xsdnn tabulate: %d × %d × %d = %d nodes, %d physical, %d with ω ≥ E stored as NaN; %d member%s, batches of %d%n",
                    e.size(), t.size(), w.size(), nodes, physical, nodes - physical, ensemble.members(),
                    ensemble.members() == 1 ? "" : "s", batch);
            err.flush();
            Tabulator.Scorer scorer = Tabulator.Scorer.of(ensemble);
            Throttle progress = new Throttle(err, progressSeconds);
            long start = System.nanoTime();
            LookupTable table = Tabulator.tabulate(e, t, w, scorer, batch, progress);
            double tabulated = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "xsdnn tabulate: scored %d points in %.1f s (%.0f points/s)%n", physical, tabulated,
                    physical / Math.max(tabulated, 1e-9));
            InterpolationError error = Tabulator.estimateError(table, scorer, errorCells, seed, batch, progress);
            report(err, error);

            TableHeader header = table.header()
                    .withAxes(List.of(TableHeader.Axis.of(e, energy), TableHeader.Axis.of(t, theta), TableHeader.Axis.of(w, omega)))
                    .withModel(describeModel(dir, ensemble.card(), ensemble.members(), ensemble.massNumber()))
                    .withInterpolationError(error)
                    .withProvenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Version.get());
            table = table.withHeader(header);
            table.write(files[0]);
            table.writeCsv(files[1]);
            err.printf(Locale.ROOT, "xsdnn tabulate: wrote %s (%s) and %s (%s)%n", files[0], size(files[0]), files[1], size(files[1]));
        }
        return ExitCodes.OK;
    }

    /** One axis from its option text; usage errors name the option, what was given and a grid that works. */
    static TableAxis axis(String option, String name, String unit, String text, String example) throws XsdnnException {
        double[] values;
        try {
            values = new ValueList.Converter().convert(text).values();
        } catch (CommandLine.TypeConversionException x) {
            throw usage(option + " " + text + ": " + x.getMessage() + ".");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = round12(values[i]);
        }
        if (values.length < 2) {
            throw usage(option + " " + text + " gives " + values.length + " value; a table needs at least 2 per axis to interpolate "
                    + "between. Give a grid start:stop:step, e.g. " + option + " " + example + ".");
        }
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1])) {
                throw usage(option + " " + text + ": " + fmt(values[i]) + " follows " + fmt(values[i - 1])
                        + "; the values must increase strictly (no repeats). List them in increasing order or give a grid "
                        + "start:stop:step, e.g. " + option + " " + example + ".");
            }
        }
        for (double v : values) {
            String problem = switch (name) {
                case "E" -> v > 0 && Double.isFinite(v) ? null : "E = " + fmt(v) + " GeV; beam energies must be > 0";
                case "theta" -> v > 0 && v <= 180 ? null : "θ = " + fmt(v) + " deg; angles must lie in 0 < θ ≤ 180 degrees";
                default -> v >= 0 && Double.isFinite(v) ? null : "ω = " + fmt(v) + " GeV; energy transfers must be ≥ 0";
            };
            if (problem != null) {
                throw usage(option + " " + text + ": " + problem + ", e.g. " + option + " " + example + ".");
            }
        }
        return new TableAxis(name, unit, values);
    }

    private static void checkGrid(TableAxis e, TableAxis t, TableAxis w) throws XsdnnException {
        long nodes = (long) e.size() * t.size() * w.size();
        if (nodes > LookupTable.MAX_NODES) {
            throw usage(String.format(Locale.ROOT, "the grid has %d × %d × %d = %,d nodes; at most %,d (a %d MB table). "
                    + "Coarsen a step or narrow a range.", e.size(), t.size(), w.size(), nodes, LookupTable.MAX_NODES,
                    LookupTable.MAX_NODES * 8 / 1_000_000));
        }
        if (Tabulator.physicalCells(e, t, w) == 0) {
            throw usage("no cell of the grid lies wholly below ω = E (its corners' largest ω " + fmt(w.value(1))
                    + " GeV or more against E up to " + fmt(e.max()) + " GeV): the table could not interpolate anywhere. "
                    + "Start --omega lower or give higher energies, e.g. -E 0.2:2.0:0.1 --omega 0.01:1.0:0.01.");
        }
    }

    private void checkSettings() throws XsdnnException {
        if (batch < 1) {
            throw usage("--batch " + batch + ": expected at least 1 point per call, e.g. --batch 65536.");
        }
        if (errorCells < 1000) {
            throw usage("--error-cells " + errorCells + ": expected at least 1000 so that the median and maximum mean something "
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
            throw new XsdnnException(ExitCodes.IO, "--out " + stem + ": directory " + parent + " does not exist; create it first.", null);
        }
        return new Path[] {parent.resolve(name + LookupTable.EXTENSION), parent.resolve(name + ".csv")};
    }

    /** Name, layout and checksums of the model directory, for the table header. */
    static TableHeader.Model describeModel(Path dir, Optional<ModelCard> card, int members, int massNumber) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        if (card.isPresent()) {
            for (ModelCard.Member m : card.get().members()) {
                sums.put(m.file(), m.sha256());
            }
            return new TableHeader.Model(card.get().name(), "xsdnn", Sha256Sums.hexOf(dir.resolve(ModelCard.FILE_NAME)), sums,
                    members, massNumber);
        }
        Pattern nuwro = Pattern.compile("model_electron_.+_\\d+_\\d+\\.onnx");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> nuwro.matcher(f.getFileName().toString()).matches()).sorted().forEach(files::add);
        }
        for (Path f : files) {
            sums.put(f.getFileName().toString(), Sha256Sums.hexOf(f));
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new TableHeader.Model(name == null ? dir.toString() : name.toString(), "nuwro", null, sums, members, massNumber);
    }

    static void report(PrintWriter err, InterpolationError error) {
        InterpolationError.Stats mid = error.midpoints();
        if (mid.pointsCompared() == 0) {
            err.println("xsdnn tabulate: interpolation error: no cell midpoint to compare (σ mean too small everywhere)");
            return;
        }
        double[] at = mid.worstPoint();
        err.printf(Locale.ROOT, "xsdnn tabulate: interpolation error of σ mean at %d cell midpoints (%d of %d cells, seed %d; "
                        + "%d with σ ≤ %.3g nb/(sr·GeV), 1e-6 of the table's largest, left out): "
                        + "median %s, 95th percentile %s, max %s at E %.4g GeV, θ %.4g°, ω %.4g GeV%n",
                mid.pointsCompared(), error.cellsSampled(), error.physicalCells(), error.seed(),
                error.cellsSampled() - mid.pointsCompared(), error.thresholdSigma(), percent(mid.medianRelative()),
                percent(mid.p95Relative()), percent(mid.maxRelative()), at[0], at[1], at[2]);
        err.printf(Locale.ROOT, "xsdnn tabulate:   along one axis only (edge midpoints), median / max: E %s, θ %s, ω %s%n",
                both(error.alongEnergy()), both(error.alongTheta()), both(error.alongOmega()));
        if (mid.medianRelative() > HINT_MEDIAN) {
            err.printf(Locale.ROOT, "xsdnn tabulate: hint: the median interpolation error %s exceeds 1 %%: refine the grid, "
                    + "%s first (its step causes the largest error).%n", percent(mid.medianRelative()), worstAxis(error));
        }
        err.flush();
    }

    private static String worstAxis(InterpolationError error) {
        String[] options = {"-E", "--theta", "--omega"};
        InterpolationError.Stats[] s = {error.alongEnergy(), error.alongTheta(), error.alongOmega()};
        int worst = 0;
        for (int a = 1; a < 3; a++) {
            if (median(s[a]) > median(s[worst])) {
                worst = a;
            }
        }
        return options[worst];
    }

    private static double median(InterpolationError.Stats s) {
        return s.medianRelative() == null ? -1 : s.medianRelative();
    }

    private static String both(InterpolationError.Stats s) {
        return s.pointsCompared() == 0 ? "n/a" : percent(s.medianRelative()) + " / " + percent(s.maxRelative());
    }

    private static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.3g %%", 100 * fraction);
    }

    private static Optional<String> outsideDomain(ModelCard.Domain d, TableAxis e, TableAxis t, TableAxis w) {
        List<String> beyond = new ArrayList<>();
        check(beyond, "E", "GeV", d.energyGeV(), e);
        check(beyond, "θ", "deg", d.thetaDeg(), t);
        check(beyond, "ω", "GeV", d.omegaGeV(), w);
        return beyond.isEmpty() ? Optional.empty() : Optional.of("the grid extends beyond the kinematic range of the training "
                + "data (" + String.join("; ", beyond) + "); there the table holds extrapolations.");
    }

    private static void check(List<String> beyond, String name, String unit, ModelCard.Range range, TableAxis axis) {
        if (range != null && (axis.min() < range.min() || axis.max() > range.max())) {
            beyond.add(String.format(Locale.ROOT, "%s %.4g-%.4g %s, trained on %.4g-%.4g", name, axis.min(), axis.max(), unit,
                    range.min(), range.max()));
        }
    }

    /** Nodes come from start + i·step; rounding to 12 significant digits makes 0.01:1.0:0.01 give exactly 0.03, not 0.030000000000000002. */
    private static double round12(double v) {
        return Double.isFinite(v) && v != 0 ? new java.math.BigDecimal(v).round(new java.math.MathContext(12)).doubleValue() : v;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }

    private static String size(Path file) throws IOException {
        long bytes = Files.size(file);
        return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }

    private static XsdnnException usage(String message) {
        return new XsdnnException(ExitCodes.USAGE, message, null);
    }

    /** A progress line per phase at most every {@code seconds}; small tables finish before the first. */
    static final class Throttle implements Tabulator.Progress {
        private final PrintWriter err;
        private final long intervalNanos;
        private String phase;
        private long phaseStart;
        private long lastPrint;

        Throttle(PrintWriter err, double seconds) {
            this.err = err;
            this.intervalNanos = (long) (seconds * 1e9);
        }

        @Override
        public void advanced(String newPhase, long done, long total) {
            long now = System.nanoTime();
            if (!newPhase.equals(phase)) {
                phase = newPhase;
                phaseStart = now;
                lastPrint = now;
            }
            if (done == 0 || done >= total || now - lastPrint < intervalNanos) {
                return;
            }
            lastPrint = now;
            double elapsed = (now - phaseStart) / 1e9;
            double eta = done > 0 ? elapsed * (total - done) / done : 0;
            err.printf(Locale.ROOT, "xsdnn tabulate: %s %,d / %,d points (%.0f %%), %s elapsed, ETA %s%n", phase, done, total,
                    100.0 * done / total, ProgressLine.duration(elapsed), ProgressLine.duration(eta));
            err.flush();
        }
    }
}
