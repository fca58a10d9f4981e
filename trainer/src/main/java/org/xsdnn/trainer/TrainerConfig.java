package org.xsdnn.trainer;

/**
 * Every setting of one training run; recorded in the model card, and part of the fingerprint that
 * a resumed run and a merged shard must match.
 *
 * @param learningRate peak AdamW learning rate
 * @param warmupEpochs epochs of linear warm-up from 0 to the peak
 * @param schedule what happens after warm-up
 * @param epochs maximum number of epochs
 * @param batchSize points per step; 0 means the whole training set (full batch)
 * @param evalEvery epochs between held-out evaluations (the best held-out state is kept)
 * @param patience stop after this many epochs without a better held-out χ²/N; 0 never stops early
 * @param maxSeconds stop after this wall time (the best state so far is the result); 0 = no limit
 * @param seed ensemble seed; member m derives its own seeds from (seed, m)
 * @param bootstrap train member m on its bootstrap replica of the data (model A); false trains on
 *     the data as measured
 * @param checkpointSeconds minimum time between checkpoints, taken at evaluation epochs; 0 = at every evaluation
 */
public record TrainerConfig(NetworkConfig network, OptimizerConfig optimizer, double learningRate, int warmupEpochs,
                            Schedule schedule, int epochs, int batchSize, int evalEvery, int patience,
                            double maxSeconds, long seed, boolean bootstrap, double checkpointSeconds) {

    /** Learning rate after warm-up. */
    public enum Schedule {
        /** Keep the peak rate (the published models). */
        CONSTANT,
        /** Cosine decay from the peak to 1 % of it at the last epoch. */
        COSINE
    }

    public TrainerConfig {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0; got " + learningRate);
        }
        if (epochs < 1 || evalEvery < 1 || batchSize < 0 || warmupEpochs < 0 || patience < 0) {
            throw new IllegalArgumentException("epochs >= 1, eval-every >= 1, batch >= 0, warm-up >= 0, patience >= 0 expected");
        }
    }

    /** Learning rate at the given 0-based epoch. */
    public double learningRateAt(int epoch) {
        if (epoch < warmupEpochs) {
            return learningRate * (epoch + 1) / warmupEpochs;
        }
        return switch (schedule) {
            case CONSTANT -> learningRate;
            case COSINE -> {
                double progress = (double) (epoch - warmupEpochs) / Math.max(1, epochs - warmupEpochs - 1);
                yield learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress))));
            }
        };
    }

    /**
     * The settings that change the trained weights, as one string. maxSeconds, patience and
     * checkpointSeconds are left out: they decide when to stop, not what an epoch computes, so a
     * run may resume with other values.
     */
    public String fingerprint() {
        return "network=" + network + ";optimizer=" + optimizer + ";lr=" + learningRate + ";warmup=" + warmupEpochs
                + ";schedule=" + schedule + ";epochs=" + epochs + ";batch=" + batchSize + ";evalEvery=" + evalEvery
                + ";seed=" + seed + ";bootstrap=" + bootstrap;
    }
}
