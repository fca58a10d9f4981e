package org.xsdnn.trainer;

/**
 * AdamW settings. Defaults: β1 = 0.9, β2 = 0.999, ε = 1e-7 and weight decay 0.004 are Keras'
 * AdamW defaults, the framework of the original models; the decay applies to dense kernels only
 * (not to biases, batch-norm γ/β, nor to λ, which a prior pulls toward 1, not 0).
 */
public record OptimizerConfig(double beta1, double beta2, double epsilon, double weightDecay) {
    public static OptimizerConfig defaults() {
        return new OptimizerConfig(0.9, 0.999, 1e-7, 0.004);
    }
}
