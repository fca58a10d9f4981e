package org.xsdnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.runtime.TrainingDomain;
import org.xsdnn.runtime.table.InterpolationError;
import org.xsdnn.runtime.table.LookupTable;
import org.xsdnn.runtime.table.ProgressLines;
import org.xsdnn.runtime.table.TableAxis;
import org.xsdnn.runtime.table.TableFiles;
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

    @CommandLine.Mixin
    GridAxes grid;

    @CommandLine.Mixin
    TableOutput out;

    @CommandLine.Mixin
    TableSettings settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<TableAxis> axes = grid.axes();
        TableAxis e = axes.get(0);
        TableAxis t = axes.get(1);
        TableAxis w = axes.get(2);
        settings.check();
        TableFiles files = out.files();
        try (Ensemble ensemble =
                Ensemble.open(model, new ScoringOptions(settings.threads.count, ScoringOptions.Device.CPU))) {
            ensemble.warnings().forEach(x -> err.println("xsdnn tabulate: warning: " + x));
            List<String> beyond = TrainingDomain.of(ensemble).beyond(e, t, w);
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
                    settings.batch);
            err.flush();
            Tabulator.Scorer scorer = Tabulator.Scorer.of(ensemble);
            ProgressLines progress = new ProgressLines(
                    line -> {
                        err.println("xsdnn tabulate: " + line);
                        err.flush();
                    },
                    settings.progressSeconds);
            long start = System.nanoTime();
            LookupTable table = Tabulator.tabulate(e, t, w, scorer, settings.batch, progress);
            double tabulated = (System.nanoTime() - start) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "xsdnn tabulate: scored %d points in %.1f s (%.0f points/s)%n",
                    physical,
                    tabulated,
                    physical / Math.max(tabulated, 1e-9));
            InterpolationError error = Tabulator.estimateError(
                    table, scorer, settings.errorCells, settings.seed, settings.batch, progress);
            InterpolationReport.print(err, error);
            files.write(table.withHeader(table.header()
                    .withAxes(grid.headerAxes())
                    .withModel(TableHeader.Model.of(ensemble))
                    .withInterpolationError(error)
                    .withProvenance(
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Version.get())));
            err.println("xsdnn tabulate: wrote " + TableOutput.describe(files.binary()) + " and "
                    + TableOutput.describe(files.csv()));
        }
        return ExitCodes.OK;
    }
}
