package org.xsdnn.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;
import org.xsdnn.runtime.points.PointScoring;
import org.xsdnn.runtime.points.PointSource;
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

    /** Where the points come from: a grid or a CSV file, exactly one (picocli enforces it and says so). */
    @ArgGroup(exclusive = true, multiplicity = "1")
    PointOptions points;

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

    @picocli.CommandLine.Mixin
    ScoringThreads threads;

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

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (PointSource source = points.open();
                Ensemble ensemble = Ensemble.open(model, new ScoringOptions(threads.count, device))) {
            ensemble.warnings().forEach(w -> err.println("xsdnn score: warning: " + w));
            PointScoring.Summary s = output != null
                    ? scoreToFile(source, ensemble)
                    : scoreTo(spec.commandLine().getOut(), "standard output", source, ensemble);
            if (s.outsideDomain() > 0) {
                err.printf(
                        Locale.ROOT,
                        "xsdnn score: warning: %d of %d points lie outside the kinematic range of the training data (in_domain = false); there the model extrapolates.%n",
                        s.outsideDomain(),
                        s.points());
            }
            if (s.skipped() > 0) {
                err.printf(
                        Locale.ROOT,
                        "xsdnn score: skipped %d of %d grid combinations with omega >= E (no physical point).%n",
                        s.skipped(),
                        s.skipped() + s.points());
            }
        }
        return ExitCodes.OK;
    }

    /** Writes beside {@code --output} and renames over it once every point is written (AtomicFiles). */
    private PointScoring.Summary scoreToFile(PointSource source, Ensemble ensemble) throws Exception {
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
        AtomicReference<PointScoring.Summary> summary = new AtomicReference<>();
        try {
            AtomicFiles.write(
                    target,
                    stream -> summary.set(scoreTo(
                            new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)),
                            output.toString(),
                            source,
                            ensemble)));
        } catch (AccessDeniedException e) {
            throw new XsdnnException(
                    ExitCodes.IO, "cannot write --output " + output + ": directory " + parent + " is not writable", e);
        }
        return summary.get();
    }

    private PointScoring.Summary scoreTo(PrintWriter out, String destination, PointSource source, Ensemble ensemble)
            throws Exception {
        TableWriter.Stream table = new TableWriter.Stream(format, out, members ? ensemble.members() : 0, destination);
        PointScoring.Summary summary = PointScoring.score(ensemble, source, table);
        table.finish();
        return summary;
    }
}
