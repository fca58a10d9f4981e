package org.xsdnn.trainer;

import java.nio.file.Path;
import org.xsdnn.core.NetworkWeights;

/**
 * A training process for {@link ResumeAfterKillTest} to kill: trains member 0 into the run directory given as the
 * first argument, for the number of epochs given second, slowed down at each evaluation so the test can kill it
 * between checkpoints. The third argument picks the run: {@code scratch} (the small recipe configuration on carbon)
 * or {@code finetune} (a fixed small parent fine-tuned to oxygen, two layers trainable).
 */
public final class KillableTraining {
    private KillableTraining() {}

    public static void main(String[] args) throws Exception {
        boolean fineTune = args[2].equals("finetune");
        train(
                open(Path.of(args[0]), Integer.parseInt(args[1]), fineTune),
                fineTune,
                (member, done, epochs, loss, chi2, best, secondsPerEpoch) -> {
                    System.out.println("evaluated " + done);
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    static TrainingRun open(Path dir, int epochs, boolean fineTune) throws Exception {
        return fineTune
                ? TrainingRun.open(
                        dir,
                        SharedData.target("O16"),
                        0.7,
                        0,
                        5,
                        FineTuningTest.fineTuneConfig(epochs),
                        "test",
                        FineTuningTest.parentOf(2))
                : TrainingRun.open(
                        dir, SharedData.carbon(), 0.9, 3, SharedData.recipeConfig(10, epochs - 10, 1e-2), "test");
    }

    static MemberRecord train(TrainingRun run, boolean fineTune, ProgressListener progress) throws Exception {
        return fineTune
                ? run.train(0, new TrainingRun.ParentMember(parent(), "fixed-parent"), progress)
                : run.train(0, progress);
    }

    /** A parent that is the same in every process: untrained weights of a fixed seed. */
    private static NetworkWeights parent() {
        return Initializer.untrainedNetwork(new NetworkConfig(3, 16, 0.0, 1e-3), 3);
    }
}
