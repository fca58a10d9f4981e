package org.xsdnn.exporter;

import java.util.List;
import java.util.SplittableRandom;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/**
 * T frozen dropout masks for every hidden layer of a network: the stochastic part of MC dropout, drawn once from
 * a seed so that the exported graph is deterministic.
 *
 * <p>Drawing: one {@link SplittableRandom} seeded with {@code seed}; for each hidden layer (input side first), each
 * pass t = 0…T−1, each unit j: the unit is kept when {@code nextDouble() >= p}. A kept unit's mask value is
 * {@code (float) (1 / (1 − p))} (inverted dropout, so that the expected activation is unchanged), a dropped unit's
 * is 0. The values are stored in the ONNX file, so nothing needs to redraw them.
 */
public final class DropoutMasks {
    /** How the masks were drawn, for the file's metadata. */
    static final String DRAWING = "java.util.SplittableRandom(seed); for each hidden layer (input side first), pass, "
            + "unit: kept if nextDouble() >= p; kept units scaled by (float) 1/(1-p), applied after ReLU; stored as "
            + "initializers mask.<layer> float32 [T,1,width]";

    private final double p;
    private final int passes;
    private final long seed;
    private final int[] widths;
    private final float[][] values;

    private DropoutMasks(double p, int passes, long seed, int[] widths, float[][] values) {
        this.p = p;
        this.passes = passes;
        this.seed = seed;
        this.widths = widths;
        this.values = values;
    }

    /**
     * @param p dropout probability, 0 &lt; p &lt; 1
     * @param passes T ≥ 1
     */
    public static DropoutMasks draw(List<Integer> hiddenWidths, double p, int passes, long seed) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("dropout p = " + p + "; expected 0 < p < 1");
        }
        if (passes < 1) {
            throw new IllegalArgumentException("passes = " + passes + "; expected at least 1");
        }
        if (hiddenWidths.isEmpty()) {
            throw new IllegalArgumentException("the network has no hidden layer, so nothing to drop out");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float kept = (float) (1.0 / (1.0 - p));
        int[] widths = hiddenWidths.stream().mapToInt(Integer::intValue).toArray();
        float[][] values = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            values[l] = new float[passes * widths[l]];
            for (int i = 0; i < values[l].length; i++) {
                values[l][i] = random.nextDouble() >= p ? kept : 0f;
            }
        }
        return new DropoutMasks(p, passes, seed, widths, values);
    }

    public double p() {
        return p;
    }

    public int passes() {
        return passes;
    }

    public long seed() {
        return seed;
    }

    /** Number of hidden layers masked. */
    public int layers() {
        return widths.length;
    }

    public int width(int layer) {
        return widths[layer];
    }

    /** Mask value of {@code unit} in {@code layer} on pass {@code pass}: 0 or 1/(1 − p). */
    public float value(int layer, int pass, int unit) {
        return values[layer][pass * widths[layer] + unit];
    }

    /** A copy of one layer's masks, row-major [passes, width]. */
    public float[] layer(int layer) {
        return values[layer].clone();
    }

    /**
     * r for every pass, in double precision, from the network as trained (batch norm in inference mode, not
     * folded): per hidden block dense → batch norm → ReLU → × mask, then dense(1) → sigmoid. Independent of the
     * ONNX graph, so it checks it.
     *
     * @param x row-major [n, 5] scaled features
     * @return {@code r[pass][point]}
     */
    public double[][] forward(NetworkWeights net, float[] x, int n) {
        if (net.hidden().size() != widths.length) {
            throw new IllegalArgumentException(
                    "network has " + net.hidden().size() + " hidden layers, masks " + widths.length);
        }
        double[][] r = new double[passes][];
        for (int t = 0; t < passes; t++) {
            double[] a = new double[n * Kinematics.FEATURES];
            for (int i = 0; i < a.length; i++) {
                a[i] = x[i];
            }
            int width = Kinematics.FEATURES;
            for (int l = 0; l < widths.length; l++) {
                NetworkWeights.Layer layer = net.hidden().get(l);
                if (layer.outputs() != widths[l]) {
                    throw new IllegalArgumentException(
                            "hidden layer " + l + " has " + layer.outputs() + " units, masks " + widths[l]);
                }
                a = dense(a, n, width, layer);
                NetworkWeights.BatchNorm bn = layer.batchNorm();
                int out = layer.outputs();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < out; j++) {
                        double v = a[i * out + j];
                        if (bn != null) {
                            v = bn.gamma()[j] * (v - bn.mean()[j]) / Math.sqrt(bn.variance()[j] + bn.epsilon())
                                    + bn.beta()[j];
                        }
                        a[i * out + j] = Math.max(0.0, v) * values[l][t * out + j];
                    }
                }
                width = out;
            }
            double[] z = dense(a, n, width, net.output());
            for (int i = 0; i < n; i++) {
                z[i] = 1.0 / (1.0 + Math.exp(-z[i]));
            }
            r[t] = z;
        }
        return r;
    }

    /** y = a·W + b in double; loops ordered so the inner one walks a row of W. */
    private static double[] dense(double[] a, int n, int width, NetworkWeights.Layer layer) {
        int out = layer.outputs();
        float[] w = layer.weight();
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < out; j++) {
                y[i * out + j] = layer.bias()[j];
            }
            for (int k = 0; k < width; k++) {
                double ak = a[i * width + k];
                if (ak == 0) {
                    continue;
                }
                for (int j = 0; j < out; j++) {
                    y[i * out + j] += ak * w[k * out + j];
                }
            }
        }
        return y;
    }
}
