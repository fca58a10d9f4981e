package org.xsdnn.trainer;

import java.util.SplittableRandom;

/**
 * Initial parameters as in the original work (physics.md): LeCun-normal kernels
 * (σ = 1/sqrt(fan_in)), zero biases, γ = 1, β = 0, every λ = 1. Deterministic in the seed.
 */
public final class Initializer {
    private Initializer() {}

    /**
     * As {@link #initial(ParameterLayout, long)}, with the output bias set to logit(ȳ), ȳ the geometric mean of the
     * positive targets. Reduced cross sections span 10⁻⁹–10⁻² while a zero bias starts every output at 0.5: without
     * this the first thousands of epochs only move the bias down. It changes where training starts, not the loss.
     */
    public static float[] initial(ParameterLayout layout, long seed, double[] targets) {
        float[] p = initial(layout, seed);
        double logSum = 0;
        int n = 0;
        for (double y : targets) {
            if (y > 0) {
                logSum += Math.log(y);
                n++;
            }
        }
        if (n > 0) {
            double mean = Math.exp(logSum / n);
            p[Math.toIntExact(layout.lambdaOffset() - 1)] = (float) Math.log(mean / (1 - mean));
        }
        return p;
    }

    public static float[] initial(ParameterLayout layout, long seed) {
        float[] p = new float[Math.toIntExact(layout.size())];
        SplittableRandom random = new SplittableRandom(seed);
        NetworkConfig net = layout.network();
        int w = net.width();
        int off = 0;
        for (int l = 0; l < net.hiddenLayers(); l++) {
            int in = layout.inputsOf(l);
            off = fillNormal(p, off, in * w, 1.0 / Math.sqrt(in), random);
            off += w; // bias = 0
            java.util.Arrays.fill(p, off, off + w, 1f); // gamma
            off += 2 * w; // gamma, beta = 0
        }
        int last = layout.inputsOf(net.hiddenLayers());
        off = fillNormal(p, off, last, 1.0 / Math.sqrt(last), random);
        off += 1; // output bias
        java.util.Arrays.fill(p, off, off + layout.groups(), 1f);
        return p;
    }

    private static int fillNormal(float[] p, int off, int n, double std, SplittableRandom random) {
        for (int i = 0; i < n; i++) {
            p[off + i] = (float) (std * gaussian(random));
        }
        return off + n;
    }

    /** Box–Muller; SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /**
     * An untrained network of the given shape as plain weights (initial parameters, batch-norm
     * statistics mean 0 and variance 1): same cost to evaluate as a trained one, for benchmarks.
     */
    public static org.xsdnn.core.NetworkWeights untrainedNetwork(NetworkConfig network, long seed) {
        ParameterLayout layout = new ParameterLayout(network, 1);
        org.nd4j.linalg.api.ndarray.INDArray params =
                org.nd4j.linalg.factory.Nd4j.createFromArray(initial(layout, seed));
        float[][] mean = new float[network.hiddenLayers()][network.width()];
        float[][] variance = new float[network.hiddenLayers()][network.width()];
        for (float[] v : variance) {
            java.util.Arrays.fill(v, 1f);
        }
        return layout.weights(params, new BatchNormStatistics(mean, variance));
    }
}
