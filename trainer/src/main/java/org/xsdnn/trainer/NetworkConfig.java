package org.xsdnn.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Shape of the network: {@code hiddenLayers} × [Dense(width) → BatchNorm → ReLU → Dropout(p)] →
 * Dense(1) → sigmoid. Defaults are the carbon paper's (physics.md, "Network").
 *
 * @param batchNormEpsilon ε of batch normalization (1e-3, as in the group's later Keras models)
 * @param fixedStatistics the blocks normalize with fixed statistics instead of the batch's: Dense → per-channel
 *     scale γ and shift β → ReLU. A fine-tune's trainable blocks run this way on the parent's folded weights
 *     ({@link FineTuning}); false (the paper's batch norm) is left out of run.json and fingerprints, so runs made
 *     before it keep their identity.
 */
public record NetworkConfig(
        int hiddenLayers,
        int width,
        double dropout,
        double batchNormEpsilon,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean fixedStatistics) {
    public static final int DEFAULT_HIDDEN_LAYERS = 10;
    public static final int DEFAULT_WIDTH = 300;
    public static final double DEFAULT_BATCH_NORM_EPSILON = 1e-3;

    public NetworkConfig {
        // 0 hidden blocks is the trainable part of a fine-tune that trains the output layer alone.
        if (hiddenLayers < 0 || width < 1) {
            throw new IllegalArgumentException(
                    "need hidden layers >= 0 of width >= 1; got " + hiddenLayers + " x " + width);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout = " + dropout + "; expected 0 <= p < 1");
        }
    }

    /** Blocks with the paper's batch norm (statistics of the batch in training). */
    public NetworkConfig(int hiddenLayers, int width, double dropout, double batchNormEpsilon) {
        this(hiddenLayers, width, dropout, batchNormEpsilon, false);
    }

    /** The paper's model A member: 10 × 300, no dropout. */
    public static NetworkConfig paperDefault() {
        return new NetworkConfig(DEFAULT_HIDDEN_LAYERS, DEFAULT_WIDTH, 0.0, DEFAULT_BATCH_NORM_EPSILON);
    }
}
