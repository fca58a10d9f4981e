package org.xsdnn.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.report.LayerScanChart;
import org.xsdnn.trainer.LayerScan;
import org.xsdnn.trainer.NetworkConfig;
import org.xsdnn.trainer.TrainerConfig;
import org.xsdnn.trainer.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        header = "Fine-tune a carbon model to another nucleus (transfer learning; resumable, shardable).",
        description = {
            "Member m of the new ensemble starts from member m of --from (a model directory from xsdnn export, or a",
            "training run) and trains on its own bootstrap replica of the target's training points. The output layer",
            "and the last L-1 hidden blocks train (--trainable-layers L); the other layers keep the parent's weights",
            "and batch-norm statistics. The network's output is per A/12 carbon, so the untuned parent is already",
            "scaled by A/12: it is the baseline each fine-tune is compared with. The run directory works like one",
            "from xsdnn train: run the command again to resume, then xsdnn export --run, xsdnn report.",
            "",
            "Data: every dataset of --target that has a Δλ in the archive's normalization.csv (a dataset named with",
            "--datasets but missing there is refused). Your own nucleus: put its <A><symbol>.dat file and a",
            "normalization.csv with its Δλ rows in one directory and pass it as --data.",
            "",
            "Examples:",
            "  xsdnn finetune --from onnx-models/carbon-a2 --data ../shared/data/qes --target Ca40 --out runs/ca40 --members 0-9",
            "  xsdnn finetune --from onnx-models/carbon-a2 --data ../shared/data/qes --target O16 --split 0.1 \\",
            "      --out runs/o16-scan --members 0-1 --scan-layers 1..11",
            ""
        })
final class FinetuneCommand implements Callable<Integer> {
    static final String SCAN_CSV = "layer-scan.csv";
    static final String SCAN_PNG = "layer-scan.png";

    @Mixin
    DataOptions data;

    @Mixin
    RecipeOptions recipe;

    @Option(
            names = "--from",
            paramLabel = "<dir>",
            required = true,
            description = "The parent: a model directory (xsdnn export) or a training run directory (xsdnn train).")
    Path from;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            required = true,
            description =
                    "Run directory (created; reused to resume). With --scan-layers, one run per L in it (L01, L02, …).")
    Path out;

    @Option(
            names = "--members",
            paramLabel = "<m-n>",
            defaultValue = "0-4",
            converter = MemberRange.Converter.class,
            description =
                    "Members to fine-tune, inclusive; member m starts from the parent's member m. Default: ${DEFAULT-VALUE}.")
    MemberRange members;

    @Option(
            names = "--trainable-layers",
            paramLabel = "<L>",
            defaultValue = "6",
            description = "Train the output layer and the last L-1 hidden blocks (1 = output layer only, 11 = every"
                    + " layer of a 10-block network). Default: ${DEFAULT-VALUE}, the best L of our layer scans for ³He,"
                    + " ¹⁶O and ⁴⁰Ca at 70 %% training (BENCHMARKS.md §6); scan your target with --scan-layers.")
    int trainableLayers;

    @Option(
            names = "--scan-layers",
            paramLabel = "<a..b|l,m,…>",
            converter = LayerList.Converter.class,
            description = "Run the layer scan instead: fine-tune --members for every L in a..b (or in a list such as"
                    + " 1,2,3,5,8,11), then write " + SCAN_CSV + " and " + SCAN_PNG + " (held-out χ²/N per L beside"
                    + " the untuned baseline) into --out.")
    LayerList scan;

    /** Where the trainable blocks take their normalization from. */
    enum BatchNormMode {
        TARGET,
        PARENT
    }

    @Option(
            names = "--batch-norm",
            paramLabel = "<mode>",
            defaultValue = "TARGET",
            description =
                    "Normalization of the trainable hidden blocks: TARGET puts batch norm back and normalizes with"
                            + " the target's training points (epoch 0 is still the parent); PARENT keeps the parent's statistics"
                            + " fixed (folded into the weights), so each trainable block is Dense, a per-channel scale and shift,"
                            + " ReLU. Default: ${DEFAULT-VALUE}.")
    BatchNormMode batchNorm;

    @Option(
            names = "--epochs",
            paramLabel = "<n>",
            defaultValue = "1000",
            description =
                    "χ² epochs per member; the best held-out state is kept. Default: ${DEFAULT-VALUE} (the published procedure's).")
    int epochs;

    @Option(
            names = "--shape-epochs",
            paramLabel = "<n>",
            defaultValue = "0",
            description =
                    "Epochs of a shape phase before χ² (the mean squared error of log σ, every λ held at 1, as in"
                            + " xsdnn train): for targets where the parent is off by a large factor. Default: ${DEFAULT-VALUE}.")
    int shapeEpochs;

    @Option(
            names = "--lr",
            paramLabel = "<rate>",
            defaultValue = "5e-4",
            description = "AdamW learning rate. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(
            names = "--warmup",
            paramLabel = "<epochs>",
            defaultValue = "0",
            description = "Linear learning-rate warm-up at the start. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
            names = "--max-minutes",
            paramLabel = "<min>",
            defaultValue = "0",
            description =
                    "Stop each member after this wall time and keep its best state (0: no limit). Default: ${DEFAULT-VALUE}.")
    double maxMinutes;

    @Option(
            names = "--split",
            paramLabel = "<fraction>",
            defaultValue = "0.7",
            description = "Training fraction of the target's points (the published studies: 0.7 and 0.1); the rest is"
                    + " held out and picks the best state. Default: ${DEFAULT-VALUE}.")
    double split;

    @Option(
            names = "--untouched",
            paramLabel = "<fraction>",
            defaultValue = "0",
            description =
                    "Fraction of the points set aside from the held-out part, used for no decision. Default: ${DEFAULT-VALUE}"
                            + " (the published figures pick the best state on the held-out points).")
    double untouched;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        QesDataset dataset = QesArchive.open(data.directory()).load(data.selection());
        ParentModel parent = ParentModel.open(from);
        PrintWriter err = spec.commandLine().getErr();
        if (scan == null) {
            train(dataset, parent, trainableLayers, out, err);
            return ExitCodes.OK;
        }
        LayerScan table = null;
        List<LayerScanChart.Point> points = new ArrayList<>();
        for (int l : scan.layers()) {
            TrainingRun run = train(dataset, parent, l, out.resolve(String.format(Locale.ROOT, "L%02d", l)), err);
            if (table == null) {
                List<NetworkWeights> parents = new ArrayList<>();
                for (int m = members.first(); m <= members.last(); m++) {
                    parents.add(parent.member(m).network());
                }
                table = new LayerScan(parents, run.heldOutPoints());
            }
            points.add(new LayerScanChart.Point(
                    l, table.add(run, l, members.first(), members.last()).heldOutChi2()));
            // Written after every L, so a scan cut short still leaves its table.
            AtomicFiles.write(out.resolve(SCAN_CSV), table.csv().getBytes(StandardCharsets.UTF_8));
            LayerScanChart.write(
                    out.resolve(SCAN_PNG),
                    String.format(
                            Locale.ROOT,
                            "%s, %.0f %% training: layer scan",
                            dataset.selection().target(),
                            100 * split),
                    points,
                    table.baseline());
        }
        err.printf(
                Locale.ROOT,
                "xsdnn finetune: layer scan written to %s and %s%n",
                out.resolve(SCAN_CSV),
                out.resolve(SCAN_PNG));
        return ExitCodes.OK;
    }

    private TrainingRun train(QesDataset dataset, ParentModel parent, int layers, Path runDir, PrintWriter err)
            throws Exception {
        // The trainer's network is the parent's shape; the trainable part is derived from it and L.
        NetworkWeights first = parent.member(members.first()).network();
        TrainerConfig config = recipe.builder()
                .network(new NetworkConfig(
                        first.hidden().size(),
                        first.output().inputs(),
                        0.0,
                        NetworkConfig.DEFAULT_BATCH_NORM_EPSILON,
                        batchNorm == BatchNormMode.PARENT))
                // No shape phase is one setting whatever --shape-lr says, so that runs without one share an identity.
                .shape(
                        shapeEpochs == 0
                                ? TrainerConfig.ShapePhase.NONE
                                : new TrainerConfig.ShapePhase(shapeEpochs, 0, recipe.shapeLearningRate))
                .learningRate(learningRate)
                .warmupEpochs(warmup)
                .schedule(TrainerConfig.Schedule.CONSTANT)
                .epochs(epochs)
                .maxSeconds(maxMinutes * 60)
                .plateauEvals(0) // unused by CONSTANT; 0 is what the fine-tunes shipped so far record
                .build();
        TrainingRun run = TrainingRun.open(
                runDir, dataset, split, untouched, recipe.splitSeed, config, Version.get(), parent.describe(layers));
        err.printf(
                Locale.ROOT,
                "xsdnn finetune: %s, %d points (%d train, %d held out), %d normalization groups; L = %d"
                        + " trainable layers; members %d-%d from %s into %s%n",
                dataset.selection().target(),
                dataset.size(),
                run.manifest().pointsTrain(),
                run.manifest().pointsHeldOut(),
                dataset.groups().size(),
                layers,
                members.first(),
                members.last(),
                from,
                runDir);
        ProgressLine progress = new ProgressLine(err, 15, config.maxSeconds());
        ProgressLine.trainMembers(err, run, members, m -> run.train(m, parent.member(m), progress));
        return run;
    }
}
