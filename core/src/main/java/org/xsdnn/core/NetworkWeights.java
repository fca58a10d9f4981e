package org.xsdnn.core;

import java.util.List;

/**
 * A trained fully connected network in plain arrays, independent of any framework: hidden blocks
 * Dense → BatchNorm (inference statistics) → ReLU → Dropout, then Dense(1) → sigmoid.
 *
 * <p>This is the hand-off between the trainer (SameDiff) and the exporter (ONNX), so neither
 * depends on the other.
 *
 * @param hidden hidden blocks, input side first
 * @param output the final Dense(1) layer; its {@code batchNorm} is null
 * @param dropout dropout probability of the hidden blocks (0 for model A members)
 */
public record NetworkWeights(List<Layer> hidden, Layer output, double dropout) {
    public NetworkWeights {
        hidden = List.copyOf(hidden);
        if (output.batchNorm() != null || output.outputs() != 1) {
            throw new IllegalArgumentException("output layer must be Dense(1) without batch norm");
        }
        int in = Kinematics.FEATURES;
        for (Layer l : hidden) {
            if (l.inputs() != in) {
                throw new IllegalArgumentException("layer expects " + l.inputs() + " inputs, previous gives " + in);
            }
            in = l.outputs();
        }
        if (output.inputs() != in) {
            throw new IllegalArgumentException("output layer expects " + output.inputs() + " inputs, previous gives " + in);
        }
    }

    /** Number of trainable parameters (weights, biases, batch-norm γ and β). */
    public long parameterCount() {
        long n = output.weight().length + output.bias().length;
        for (Layer l : hidden) {
            n += l.weight().length + l.bias().length;
            if (l.batchNorm() != null) {
                n += 2L * l.outputs();
            }
        }
        return n;
    }

    /**
     * One dense layer y = x·W + b, optionally followed by batch normalization.
     *
     * @param weight row-major [inputs, outputs]
     */
    public record Layer(int inputs, int outputs, float[] weight, float[] bias, BatchNorm batchNorm) {
        public Layer {
            if (weight.length != inputs * outputs || bias.length != outputs) {
                throw new IllegalArgumentException("dense layer " + inputs + "x" + outputs + ": weight has "
                        + weight.length + " values, bias " + bias.length);
            }
            if (batchNorm != null && batchNorm.gamma().length != outputs) {
                throw new IllegalArgumentException("batch norm has " + batchNorm.gamma().length + " channels, layer " + outputs);
            }
        }

        /**
         * This layer with its inference-mode batch norm folded into the dense weights (itself when it has none):
         * with s = γ/sqrt(var + ε) per output column j, W'[k][j] = W[k][j]·s_j and b'_j = (b_j − mean_j)·s_j + β_j.
         * Computed in double, rounded once to float. The exporter writes one Gemm per block from it, and a
         * fine-tune's frozen layers are exactly these folded weights of the parent.
         */
        public Layer folded() {
            if (batchNorm == null) {
                return this;
            }
            float[] w = new float[inputs * outputs];
            float[] b = new float[outputs];
            for (int j = 0; j < outputs; j++) {
                double scale = batchNorm.gamma()[j] / Math.sqrt((double) batchNorm.variance()[j] + batchNorm.epsilon());
                b[j] = (float) (((double) bias[j] - batchNorm.mean()[j]) * scale + batchNorm.beta()[j]);
                for (int k = 0; k < inputs; k++) {
                    w[k * outputs + j] = (float) (weight[k * outputs + j] * scale);
                }
            }
            return new Layer(inputs, outputs, w, b, null);
        }
    }

    /** Batch normalization in inference mode: γ (x − mean)/sqrt(var + ε) + β. */
    public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] variance, double epsilon) {
        public BatchNorm {
            int n = gamma.length;
            if (beta.length != n || mean.length != n || variance.length != n) {
                throw new IllegalArgumentException("batch norm arrays differ in length");
            }
        }
    }

    /**
     * Reference forward pass in double precision (inference mode, no dropout): returns r ∈ (0, 1)
     * for each row of the row-major [n, 5] input. Used to check exports and runtimes.
     */
    public double[] forward(float[] x, int n) {
        return forward(x, n, false);
    }

    /**
     * The same forward pass with every product and sum rounded to float32, as a float32 graph computes it. Its
     * distance from {@link #forward} at a point is how far float32 evaluation can move r there: tiny for
     * well-conditioned points, up to 1e-4 where a batch norm folded from a narrow range of inputs makes large terms
     * cancel (fine-tuned members, measured on ⁵⁶Fe). Exports use it to tell rounding from a wrong graph.
     */
    public double[] forwardFloat32(float[] x, int n) {
        return forward(x, n, true);
    }

    private double[] forward(float[] x, int n, boolean float32) {
        double[] a = new double[n * Kinematics.FEATURES];
        for (int i = 0; i < a.length; i++) {
            a[i] = x[i];
        }
        int width = Kinematics.FEATURES;
        for (Layer l : hidden) {
            a = dense(a, n, width, l, float32);
            BatchNorm bn = l.batchNorm();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < l.outputs(); j++) {
                    double v = a[i * l.outputs() + j];
                    if (bn != null) {
                        v = round(bn.gamma()[j] * round((v - bn.mean()[j]) / Math.sqrt(bn.variance()[j] + bn.epsilon()), float32)
                                + bn.beta()[j], float32);
                    }
                    a[i * l.outputs() + j] = Math.max(0.0, v);
                }
            }
            width = l.outputs();
        }
        double[] z = dense(a, n, width, output, float32);
        for (int i = 0; i < n; i++) {
            z[i] = round(1.0 / (1.0 + Math.exp(-z[i])), float32);
        }
        return z;
    }

    private static double[] dense(double[] a, int n, int width, Layer l, boolean float32) {
        double[] y = new double[n * l.outputs()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < l.outputs(); j++) {
                double s = l.bias()[j];
                for (int k = 0; k < width; k++) {
                    s = round(s + round(a[i * width + k] * l.weight()[k * l.outputs() + j], float32), float32);
                }
                y[i * l.outputs() + j] = s;
            }
        }
        return y;
    }

    private static double round(double v, boolean float32) {
        return float32 ? (float) v : v;
    }
}
