package org.xsdnn.exporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/** Random networks and kinematic points for export tests. */
final class RandomNetworks {
    private RandomNetworks() {}

    /**
     * Hidden blocks of the given widths with LeCun-normal kernels, small non-zero biases and batch norm whose
     * mean, variance, γ and β are far from the identity, so that folding mistakes show.
     */
    static NetworkWeights network(long seed, int... widths) {
        Random random = new Random(seed);
        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        int in = Kinematics.FEATURES;
        for (int width : widths) {
            int n = width;
            NetworkWeights.BatchNorm bn = new NetworkWeights.BatchNorm(
                    uniform(random, n, 0.5, 1.5),
                    uniform(random, n, -0.2, 0.2),
                    uniform(random, n, -0.3, 0.3),
                    uniform(random, n, 0.05, 2.0),
                    1e-3);
            hidden.add(new NetworkWeights.Layer(
                    in, width, lecun(random, in, width), uniform(random, width, -0.1, 0.1), bn));
            in = width;
        }
        NetworkWeights.Layer output = new NetworkWeights.Layer(in, 1, lecun(random, in, 1), new float[] {-4.5f}, null);
        return new NetworkWeights(hidden, output, 0.0);
    }

    /** Row-major [n, 5] features of random physical points: E 0.2–6 GeV, θ 10–150°, ω below E. */
    static float[] features(long seed, int n) {
        Random random = new Random(seed);
        double[] energy = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        for (int i = 0; i < n; i++) {
            energy[i] = 0.2 + 5.8 * random.nextDouble();
            theta[i] = 10 + 140 * random.nextDouble();
            omega[i] = energy[i] * 0.9 * random.nextDouble();
        }
        return Kinematics.featureMatrix(energy, theta, omega);
    }

    private static float[] lecun(Random random, int in, int out) {
        float[] w = new float[in * out];
        double sd = Math.sqrt(1.0 / in);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * sd);
        }
        return w;
    }

    private static float[] uniform(Random random, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }
}
