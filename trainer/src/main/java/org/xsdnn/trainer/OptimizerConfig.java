package org.xsdnn.trainer;

/**
 * AdamW settings. Defaults: β1 = 0.9, β2 = 0.999, ε = 1e-7 and weight decay 0.004 are Keras'
 * AdamW defaults, the framework of the original models; the decay applies to dense kernels only
 * (not to biases, batch-norm γ/β, nor to λ, which a prior pulls toward 1, not 0). λ steps are 0.01 of
 * the network's (see below and BENCHMARKS.md).
 *
 * @param lambdaLearningRateFactor the normalizations λ take steps this many times the network's
 *     learning rate. Adam gives every parameter steps of about the learning rate whatever its
 *     gradient, so with factor 1 the λ run away while the network is still far off (measured: λ up
 *     to 4.8 against a prior of 1 ± 0.1 after 6000 epochs) and the network then fits data/λ; a
 *     smaller factor lets the network set the scale first. 0 keeps every λ at 1.
 */
public record OptimizerConfig(
        double beta1, double beta2, double epsilon, double weightDecay, double lambdaLearningRateFactor) {
    /** The defaults a user tunes, as constants so that command-line options can name them instead of restating them. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.004;

    public static final double DEFAULT_LAMBDA_LEARNING_RATE_FACTOR = 0.01;

    public OptimizerConfig {
        if (!(lambdaLearningRateFactor >= 0)) {
            throw new IllegalArgumentException(
                    "lambda learning-rate factor = " + lambdaLearningRateFactor + "; expected >= 0");
        }
    }

    public static OptimizerConfig defaults() {
        return new OptimizerConfig(0.9, 0.999, 1e-7, DEFAULT_WEIGHT_DECAY, DEFAULT_LAMBDA_LEARNING_RATE_FACTOR);
    }

    /** These settings with the two a user tunes replaced; β1, β2 and ε stay. */
    public OptimizerConfig with(double newWeightDecay, double newLambdaLearningRateFactor) {
        return new OptimizerConfig(beta1, beta2, epsilon, newWeightDecay, newLambdaLearningRateFactor);
    }
}
