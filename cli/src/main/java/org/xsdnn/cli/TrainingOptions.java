package org.xsdnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.xsdnn.data.QesDataset;
import org.xsdnn.trainer.RunManifest;
import org.xsdnn.trainer.TrainerConfig;
import org.xsdnn.trainer.TrainingRun;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code train} and {@code finetune} share: the run directory, the members, the {@link RecipeOptions} and the
 * settings whose defaults differ between the two. Those defaults come from each command's {@link OptionDefaults},
 * so that {@code ${DEFAULT-VALUE}} in its help shows its own.
 */
final class TrainingOptions {
    @Mixin
    RecipeOptions recipe;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            required = true,
            description = "Run directory (created; reused to resume).")
    Path out;

    @Option(
            names = "--members",
            paramLabel = "<m-n>",
            converter = MemberRange.Converter.class,
            description = "Members to train, inclusive. Default: ${DEFAULT-VALUE}.")
    MemberRange members;

    @Option(
            names = "--shape-epochs",
            paramLabel = "<n>",
            description = "Epochs of the shape phase before χ²: the mean squared error of log σ with every λ held at 1"
                    + " (0: none). Default: ${DEFAULT-VALUE}.")
    int shapeEpochs;

    @Option(
            names = "--epochs",
            paramLabel = "<n>",
            description = "Most epochs of the χ² phase; the state with the best held-out χ²/N is kept."
                    + " Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--max-minutes",
            paramLabel = "<min>",
            description =
                    "Stop each member after this wall time and keep its best state (0: no limit). Default: ${DEFAULT-VALUE}.")
    double maxMinutes;

    @Option(
            names = "--lr",
            paramLabel = "<rate>",
            description = "Peak AdamW learning rate of the χ² phase. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(
            names = "--warmup",
            paramLabel = "<epochs>",
            description = "Linear learning-rate warm-up at the start of the χ² phase and after each divergence restart."
                    + " Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
            names = "--split",
            paramLabel = "<fraction>",
            description = "Training fraction of the points; the rest is held out and picks the best state."
                    + " Default: ${DEFAULT-VALUE}.")
    double split;

    @Option(
            names = "--untouched",
            paramLabel = "<fraction>",
            description = "Fraction of the points set aside from the held-out part: they never train and never pick"
                    + " the best state, so their χ²/N is the unbiased figure. Default: ${DEFAULT-VALUE}.")
    double untouched;

    /** The recipe's settings with the χ² phase's given here (rate, warm-up, epochs, time limit). */
    TrainerConfig.Builder builder() {
        return recipe.builder()
                .learningRate(learningRate)
                .warmupEpochs(warmup)
                .epochs(epochs)
                .maxSeconds(maxMinutes * 60);
    }

    /** Where the command prints its messages. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /**
     * Opens the run in {@code directory} (--out, or one run of a layer scan in it) with this split, says on standard
     * error what it holds and trains, and trains the members it has not finished.
     *
     * @param parent the parent of a fine-tune; null for a run from random weights
     */
    TrainingRun train(
            Path directory,
            QesDataset dataset,
            TrainerConfig config,
            RunManifest.Parent parent,
            ProgressLine.MemberTraining training)
            throws Exception {
        TrainingRun run =
                TrainingRun.open(directory, dataset, split, untouched, recipe.splitSeed, config, Version.get(), parent);
        err().printf(
                        Locale.ROOT,
                        "%s: %s, %d points (%d train, %d held out), %d normalization groups; %smembers %d-%d%s into %s%n",
                        command.qualifiedName(),
                        dataset.selection().target(),
                        dataset.size(),
                        run.manifest().pointsTrain(),
                        run.manifest().pointsHeldOut(),
                        dataset.groups().size(),
                        parent == null ? "" : "L = " + parent.trainableLayers() + " trainable layers; ",
                        members.first(),
                        members.last(),
                        parent == null ? "" : " from " + parent.source(),
                        directory);
        ProgressLine.trainMembers(err(), run, members, training);
        return run;
    }
}
