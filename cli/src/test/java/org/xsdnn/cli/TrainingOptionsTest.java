package org.xsdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xsdnn.cli.CliRun.xsdnn;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xsdnn.trainer.TrainerConfig;
import picocli.CommandLine;

/**
 * train and finetune share their options (TrainingOptions) with defaults of their own: each help page shows its own,
 * and each command parses its own.
 */
class TrainingOptionsTest {
    /** The default that {@code help} shows for {@code option}: the first "Default: x" of its description. */
    private static String shownDefault(String help, String option) {
        Matcher m = Pattern.compile(
                        "^ +" + Pattern.quote(option) + "=\\S+\\s.*?Default:\\s+(\\S+?)[.,]?(\\s|$)",
                        Pattern.MULTILINE | Pattern.DOTALL)
                .matcher(help);
        assertTrue(m.find(), () -> option + " shows no default in\n" + help);
        return m.group(1);
    }

    private static void assertDefaults(String command, Map<String, String> expected) {
        CliRun.Result help = xsdnn(command, "--help");
        assertEquals(0, help.code(), help::toString);
        expected.forEach((option, value) -> assertEquals(
                value, shownDefault(help.out(), option), () -> command + " " + option + "\n" + help.out()));
    }

    @Test
    void trainHelpShowsTheLibraryDefaults() {
        // What TrainerConfig.builder() trains with when no option is given, so that the help tells the truth.
        TrainerConfig library = TrainerConfig.builder().build();
        assertDefaults(
                "train",
                Map.of(
                        "--shape-epochs", "" + library.shape().epochs(),
                        "--epochs", "" + library.epochs(),
                        "--lr", "" + library.learningRate(),
                        "--warmup", "" + library.warmupEpochs(),
                        "--schedule", library.schedule().name(),
                        "--plateau-evals", "" + library.plateauEvals(),
                        "--shape-lr", "" + library.shape().learningRate(),
                        "--seed", "" + library.seed()));
        // The run's own settings, which the library leaves to its caller.
        assertDefaults(
                "train", Map.of("--members", "0-4", "--max-minutes", "9", "--split", "0.85", "--untouched", "0.05"));
    }

    @Test
    void finetuneHelpShowsThePublishedProcedure() {
        assertDefaults(
                "finetune",
                Map.of(
                        "--members", "0-4",
                        "--shape-epochs", "0",
                        "--epochs", "1000",
                        "--max-minutes", "0",
                        "--lr", "5e-4",
                        "--warmup", "0",
                        "--split", "0.7",
                        "--untouched", "0",
                        "--trainable-layers", "6",
                        "--batch-norm", "TARGET"));
    }

    /** The subcommand object after parsing {@code args}, nothing run. */
    private static Object parsed(String... args) {
        return new CommandLine(new Xsdnn())
                .parseArgs(args)
                .subcommand()
                .commandSpec()
                .userObject();
    }

    @Test
    void eachCommandParsesItsOwnDefaults() {
        TrainingOptions train = ((TrainCommand) parsed("train", "--out", "a")).training;
        TrainingOptions finetune = ((FinetuneCommand) parsed("finetune", "--from", "p", "--out", "a")).training;
        assertEquals(TrainerConfig.DEFAULT_EPOCHS, train.epochs);
        assertEquals(1000, finetune.epochs);
        assertEquals(0.85, train.split);
        assertEquals(0.7, finetune.split);
        assertEquals(TrainerConfig.DEFAULT_LEARNING_RATE, train.learningRate);
        assertEquals(5e-4, finetune.learningRate);
        assertEquals(4, finetune.members.last());
    }
}
