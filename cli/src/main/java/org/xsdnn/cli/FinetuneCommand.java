package org.xsdnn.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.trainer.NetworkConfig;
import org.xsdnn.trainer.TrainerConfig;
import org.xsdnn.trainer.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        defaultValueProvider = FinetuneCommand.Defaults.class,
        header = "Fine-tune a carbon model to another nucleus (transfer learning; resumable, shardable).",
        description = {
            "Member m of the new ensemble starts from member m of --from (a model directory from xsdnn export, or a",
            "training run) and trains on its own bootstrap replica of the target's training points. The output layer",
            "and the last L-1 hidden blocks train (--trainable-layers L); the other layers keep the parent's weights",
            "and batch-norm statistics. The network's output is per A/12 carbon, so the untuned parent is already",
            "scaled by A/12: it is the baseline each fine-tune is compared with. The run directory works like one",
            "from xsdnn train: run the command again to resume, then xsdnn export --run, xsdnn report.",
            "",
            "The defaults of --epochs, --lr (kept constant) and --split are the published procedure's; the studies",
            "train on 0.7 and 0.1 of the target's points and pick the best state on the held-out rest, so no point",
            "is --untouched. A shape phase (--shape-epochs) helps targets where the parent is off by a large factor.",
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
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    /** The published fine-tuning procedure's. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of(
                    "--members", "0-4",
                    "--shape-epochs", "0",
                    "--epochs", "1000",
                    "--max-minutes", "0",
                    "--lr", "5e-4",
                    "--warmup", "0",
                    "--split", "0.7",
                    "--untouched", "0"));
        }
    }

    @Option(
            names = "--from",
            paramLabel = "<dir>",
            required = true,
            description = "The parent: a model directory (xsdnn export) or a training run directory (xsdnn train).")
    Path from;

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
                    + " 1,2,3,5,8,11), one run per L in --out (L01, L02, …), and write " + LayerScanRun.CSV + " and "
                    + LayerScanRun.PNG + " (held-out χ²/N per L beside the untuned baseline) into --out.")
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

    @Override
    public Integer call() throws Exception {
        QesDataset dataset = QesArchive.open(data.directory()).load(data.selection());
        ParentModel parent = ParentModel.open(from);
        if (scan == null) {
            train(dataset, parent, trainableLayers, training.out);
            return ExitCodes.OK;
        }
        LayerScanRun.scan(
                training, scan, parent, dataset.selection().target(), (l, dir) -> train(dataset, parent, l, dir));
        return ExitCodes.OK;
    }

    private TrainingRun train(QesDataset dataset, ParentModel parent, int layers, Path runDir) throws Exception {
        // The trainer's network is the parent's shape; the trainable part is derived from it and L.
        NetworkWeights first = parent.member(training.members.first()).network();
        TrainerConfig config = training.builder()
                .network(new NetworkConfig(
                        first.hidden().size(),
                        first.output().inputs(),
                        0.0,
                        NetworkConfig.DEFAULT_BATCH_NORM_EPSILON,
                        batchNorm == BatchNormMode.PARENT))
                // No shape phase is one setting whatever --shape-lr says, so that runs without one share an identity.
                .shape(
                        training.shapeEpochs == 0
                                ? TrainerConfig.ShapePhase.NONE
                                : new TrainerConfig.ShapePhase(
                                        training.shapeEpochs, 0, training.recipe.shapeLearningRate))
                .schedule(TrainerConfig.Schedule.CONSTANT)
                .plateauEvals(0) // unused by CONSTANT; 0 is what the fine-tunes shipped so far record
                .build();
        return training.train(
                runDir,
                dataset,
                config,
                parent.describe(layers),
                (run, m, progress) -> run.train(m, parent.member(m), progress));
    }
}
