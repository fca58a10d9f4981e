package org.xsdnn.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.trainer.NetworkConfig;
import org.xsdnn.trainer.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        defaultValueProvider = TrainCommand.Defaults.class,
        header = "Train ensemble members on the QES archive (resumable, shardable).",
        description = {
            "Trains members m..n of an ensemble into a run directory. Each member has its own seed derived from",
            "(--seed, member), so any split of the members over processes or machines gives identical members.",
            "Every member is trained on its own bootstrap replica of the training split (σ_i + r·Δσ_i, model A),",
            "and the state with the best held-out χ²/N is kept. Checkpoints are written atomically; after a crash",
            "or a kill, run the same command again and training resumes where the last checkpoint left it.",
            "",
            "Example: xsdnn train --data ../shared/data/qes --out runs/carbon --members 0-4 --max-minutes 20",
            ""
        })
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    /** The library's defaults (TrainerConfig.builder()), nine minutes a member and 5 % of the points untouched. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of(
                    "--members",
                    "0-4",
                    "--shape-epochs",
                    "" + TrainerConfig.DEFAULT_SHAPE_EPOCHS,
                    "--epochs",
                    "" + TrainerConfig.DEFAULT_EPOCHS,
                    "--max-minutes",
                    "9",
                    "--lr",
                    "" + TrainerConfig.DEFAULT_LEARNING_RATE,
                    "--warmup",
                    "" + TrainerConfig.DEFAULT_WARMUP_EPOCHS,
                    "--split",
                    "0.85",
                    "--untouched",
                    "0.05",
                    "--schedule",
                    TrainerConfig.DEFAULT_SCHEDULE.name()));
        }
    }

    @Option(
            names = "--shape-batch",
            paramLabel = "<n>",
            defaultValue = "0",
            description = "Points per step in the shape phase; 0 = full batch. Default: ${DEFAULT-VALUE}.")
    int shapeBatch;

    @Option(
            names = "--schedule",
            paramLabel = "<name>",
            description = "After warm-up: ${COMPLETION-CANDIDATES} (PLATEAU halves the rate when the held-out χ²/N"
                    + " stops improving and ends the member after six halvings). Default: ${DEFAULT-VALUE}.")
    TrainerConfig.Schedule schedule;

    @Option(
            names = "--plateau-evals",
            paramLabel = "<n>",
            defaultValue = "" + TrainerConfig.DEFAULT_PLATEAU_EVALS,
            description =
                    "PLATEAU: evaluations without a better held-out χ²/N before the rate is halved. Default: ${DEFAULT-VALUE}.")
    int plateauEvals;

    @Option(
            names = "--patience",
            paramLabel = "<epochs>",
            defaultValue = "0",
            description =
                    "Stop a member after this many epochs without a better held-out χ²/N (0: never). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(
            names = "--layers",
            paramLabel = "<n>",
            defaultValue = "10",
            description = "Hidden blocks. Default: ${DEFAULT-VALUE} (the paper's).")
    int layers;

    @Option(
            names = "--width",
            paramLabel = "<n>",
            defaultValue = "300",
            description = "Units per hidden block. Default: ${DEFAULT-VALUE} (the paper's).")
    int width;

    @Option(
            names = "--dropout",
            paramLabel = "<p>",
            defaultValue = "0",
            description = "Dropout probability (model B uses 0.01). Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Override
    public Integer call() throws Exception {
        QesDataset dataset = QesArchive.open(data.directory()).load(data.selection());
        TrainerConfig config = training.builder()
                .network(new NetworkConfig(layers, width, dropout, NetworkConfig.DEFAULT_BATCH_NORM_EPSILON))
                .shape(new TrainerConfig.ShapePhase(
                        training.shapeEpochs, shapeBatch, training.recipe.shapeLearningRate))
                .schedule(schedule)
                .patience(patience)
                .plateauEvals(plateauEvals)
                .build();
        training.train(training.out, dataset, config, null, (run, m, progress) -> run.train(m, progress));
        return ExitCodes.OK;
    }
}
