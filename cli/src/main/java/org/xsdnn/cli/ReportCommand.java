package org.xsdnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.xsdnn.data.QesArchive;
import org.xsdnn.report.FrozenModel;
import org.xsdnn.report.ModelReport;
import org.xsdnn.report.Progress;
import org.xsdnn.report.ReportSelection;
import org.xsdnn.report.ReportWriter;
import org.xsdnn.report.TextSummary;
import org.xsdnn.runtime.ScoringOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        header = "Quality report: χ²/N, λ pulls, coverage and a plot of every spectrum.",
        description = {
            "Scores every selected point of the QES archive and measures the model: one",
            "normalization λ per group profiled in closed form against the ensemble mean,",
            "with the penalty ((1 − λ)/Δλ)²; χ²/N overall, per experiment, per spectrum,",
            "and for training, held-out and test points where the model card records the",
            "split; the mean relative spread sd/mean; the fraction of points within 1σ",
            "and 2σ of data and spread combined, √(Δσ² + (λ·sd)²).",
            "With --out, writes report.json (every figure), index.html (one page: tables,",
            "a heat map of χ²/N over (E, θ), thumbnails linked to one PNG per spectrum,",
            "the card's provenance), heatmap.png, spectra/ and thumbs/.",
            "A model is measured on its own training selection from its card (target,",
            "experiments, low-ω cut); a model without a card (NuWro layout) on the carbon",
            "paper's ten experiments with ω ≥ " + ReportSelection.CARDLESS_MIN_OMEGA_GEV
                    + " GeV. --target, --datasets and",
            "--min-omega override either.",
            "",
            "Examples:",
            "  xsdnn report --model onnx-models/carbon-a2 --data ../shared/data/qes \\",
            "      --out report-carbon-a2",
            "  xsdnn report --model ../shared/reference-models/nuwro-pr53 \\",
            "      --compare onnx-models/carbon-a --out compare",
            "  xsdnn report --model onnx-models/carbon-a --min-omega 0.05 --format json",
            ""
        })
final class ReportCommand implements Callable<Integer> {
    /** What goes to standard output. */
    enum Format {
        text,
        json,
        html
    }

    @Option(
            names = "--model",
            paramLabel = "<dir>",
            defaultValue = "${env:XSDNN_MODEL:-onnx-models/carbon-a2}",
            description =
                    "Model directory (xsdnn or NuWro layout) or fused .onnx file. Default: $XSDNN_MODEL, else onnx-models/carbon-a2 (here: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = "--compare",
            paramLabel = "<dir>",
            description = "A second model, measured on the same points and drawn beside the first in every figure.")
    Path compare;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            description = "Write the report here: report.json, index.html, heatmap.png, spectra/ and thumbs/.")
    Path out;

    @Option(
            names = "--format",
            paramLabel = "<fmt>",
            defaultValue = "text",
            description =
                    "What to print: ${COMPLETION-CANDIDATES} (text: the headline tables; json: report.json; html: index.html, needs --out). Default: ${DEFAULT-VALUE}.")
    Format format;

    // Not DataOptions: here the defaults come from the model's card, so an option given must be told from one not
    // given.
    @Option(
            names = "--data",
            paramLabel = "<dir>",
            description =
                    "Directory with the QES archive files (12C.dat, …). Default: $XSDNN_DATA, else ~/.cache/xsdnn/qes.")
    Path data;

    @Option(
            names = "--target",
            paramLabel = "<name>",
            description =
                    "Target as in normalization.csv (C12, O16, Ca40, …). Default: the card's; C12 for a card-less model of A = 12.")
    String target;

    @Option(
            names = "--datasets",
            paramLabel = "<key>",
            split = ",",
            description =
                    "Archive citation keys to measure on, comma-separated. Default: the card's training experiments (card-less carbon: the carbon paper's 10).")
    List<String> datasets;

    @Option(
            names = "--min-omega",
            paramLabel = "<GeV>",
            description = "Low-ω cut in GeV. Default: the card's training cut; "
                    + ReportSelection.CARDLESS_MIN_OMEGA_GEV + " GeV for a model without a card.")
    Double minOmegaGeV;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (format == Format.html && out == null) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    "--format html prints the page that links the figures; give --out <dir> to write them",
                    null);
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(
                line -> {
                    err.println("xsdnn report: " + line);
                    err.flush();
                },
                Duration.ofSeconds(3));
        Path dir = model;
        QesArchive archive = QesArchive.open(data != null ? data : QesArchive.defaultDirectory());
        ModelReport report;
        try (FrozenModel first = FrozenModel.open(dir, ScoringOptions.defaults());
                FrozenModel second = compare == null ? null : FrozenModel.open(compare, ScoringOptions.defaults())) {
            ReportSelection selection =
                    ReportSelection.choose(first.card(), first.massNumber(), target, datasets, minOmegaGeV);
            report = ModelReport.build(first, second, archive, selection, progress);
        }
        if (out != null) {
            ReportWriter.write(report, out, progress);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(
                switch (format) {
                    case text -> TextSummary.render(report.summary());
                    case json -> ReportWriter.json(report.summary());
                    case html -> ReportWriter.html(report.summary());
                });
        stdout.flush();
        return ExitCodes.OK;
    }
}
