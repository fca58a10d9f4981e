package org.xsdnn.trainer;

import java.nio.file.Path;

/**
 * A training process for {@link ResumeAfterKillTest} to kill: trains member 0 of the small
 * recipe configuration into the run directory given as the first argument, slowed down at each
 * evaluation so the test can kill it between checkpoints.
 */
public final class KillableTraining {
    private KillableTraining() {}

    public static void main(String[] args) throws Exception {
        TrainingRun run = TrainingRun.open(Path.of(args[0]), SharedData.carbon(), 0.9, 3,
                SharedData.recipeConfig(10, Integer.parseInt(args[1]) - 10, 1e-2), "test");
        run.train(0, (member, done, epochs, loss, chi2, best, secondsPerEpoch) -> {
            System.out.println("evaluated " + done);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
