package org.xsdnn.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.trainer.NetworkConfig;
import org.xsdnn.trainer.TrainerConfig;
import org.xsdnn.trainer.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
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
    RecipeOptions recipe;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            required = true,
            description = "Run directory (created; reused to resume).")
    Path out;

    @Option(
            names = "--members",
            paramLabel = "<m-n>",
            defaultValue = "0-4",
            converter = MemberRange.Converter.class,
            description = "Members to train, inclusive. Default: ${DEFAULT-VALUE}.")
    MemberRange members;

    @Option(
            names = "--shape-epochs",
            paramLabel = "<n>",
            defaultValue = "" + TrainerConfig.DEFAULT_SHAPE_EPOCHS,
            description = "Epochs of the shape phase before χ²: the mean squared error of log σ with every λ held at 1"
                    + " (0: none). Default: ${DEFAULT-VALUE}.")
    int shapeEpochs;

    @Option(
            names = "--shape-batch",
            paramLabel = "<n>",
            defaultValue = "0",
            description = "Points per step in the shape phase; 0 = full batch. Default: ${DEFAULT-VALUE}.")
    int shapeBatch;

    @Option(
            names = "--epochs",
            paramLabel = "<n>",
            defaultValue = "" + TrainerConfig.DEFAULT_EPOCHS,
            description = "Most epochs of the χ² phase. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--max-minutes",
            paramLabel = "<min>",
            defaultValue = "9",
            description =
                    "Stop each member after this wall time and keep its best state (0: no limit). Default: ${DEFAULT-VALUE}.")
    double maxMinutes;

    @Option(
            names = "--lr",
            paramLabel = "<rate>",
            defaultValue = "" + TrainerConfig.DEFAULT_LEARNING_RATE,
            description = "Peak AdamW learning rate of the χ² phase. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(
            names = "--warmup",
            paramLabel = "<epochs>",
            defaultValue = "" + TrainerConfig.DEFAULT_WARMUP_EPOCHS,
            description =
                    "Linear learning-rate warm-up at the start of the χ² phase and after each divergence restart. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
            names = "--schedule",
            paramLabel = "<name>",
            defaultValue = "PLATEAU",
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

    @Option(
            names = "--split",
            paramLabel = "<fraction>",
            defaultValue = "0.85",
            description = "Training fraction of the points; the rest is held out. Default: ${DEFAULT-VALUE}.")
    double split;

    @Option(
            names = "--untouched",
            paramLabel = "<fraction>",
            defaultValue = "0.05",
            description = "Fraction of the points set aside from the held-out part: they never train and never pick"
                    + " the best state, so their χ²/N is the unbiased figure. Default: ${DEFAULT-VALUE}.")
    double untouched;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        QesDataset dataset = QesArchive.open(data.directory()).load(data.selection());
        TrainerConfig config = recipe.builder()
                .network(new NetworkConfig(layers, width, dropout, NetworkConfig.DEFAULT_BATCH_NORM_EPSILON))
                .shape(new TrainerConfig.ShapePhase(shapeEpochs, shapeBatch, recipe.shapeLearningRate))
                .learningRate(learningRate)
                .warmupEpochs(warmup)
                .schedule(schedule)
                .epochs(epochs)
                .patience(patience)
                .maxSeconds(maxMinutes * 60)
                .plateauEvals(plateauEvals)
                .build();
        TrainingRun run = TrainingRun.open(out, dataset, split, untouched, recipe.splitSeed, config, Version.get());
        var err = spec.commandLine().getErr();
        err.printf(
                Locale.ROOT,
                "xsdnn train: %s, %d points (%d train, %d held out), %d normalization groups; members %d-%d into %s%n",
                dataset.selection().target(),
                dataset.size(),
                run.manifest().pointsTrain(),
                run.manifest().pointsHeldOut(),
                dataset.groups().size(),
                members.first(),
                members.last(),
                out);
        ProgressLine progress = new ProgressLine(err, 15, config.maxSeconds());
        ProgressLine.trainMembers(err, run, members, m -> run.train(m, progress));
        return ExitCodes.OK;
    }
}
