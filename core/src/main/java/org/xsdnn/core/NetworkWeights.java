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
            throw new IllegalArgumentException(
                    "output layer expects " + output.inputs() + " inputs, previous gives " + in);
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
                throw new IllegalArgumentException(
                        "batch norm has " + batchNorm.gamma().length + " channels, layer " + outputs);
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
                double scale =
                        batchNorm.gamma()[j] / Math.sqrt((double) batchNorm.variance()[j] + batchNorm.epsilon());
                b[j] = (float) (((double) bias[j] - batchNorm.mean()[j]) * scale
                        + batchNorm.beta()[j]);
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
        double[] a = new double[n * Kinematics.FEATURES];
        for (int i = 0; i < a.length; i++) {
            a[i] = x[i];
        }
        int width = Kinematics.FEATURES;
        for (Layer l : hidden) {
            a = dense(a, n, width, l);
            BatchNorm bn = l.batchNorm();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < l.outputs(); j++) {
                    double v = a[i * l.outputs() + j];
                    if (bn != null) {
                        v = bn.gamma()[j] * (v - bn.mean()[j]) / Math.sqrt(bn.variance()[j] + bn.epsilon())
                                + bn.beta()[j];
                    }
                    a[i * l.outputs() + j] = Math.max(0.0, v);
                }
            }
            width = l.outputs();
        }
        double[] z = dense(a, n, width, output);
        for (int i = 0; i < n; i++) {
            z[i] = 1.0 / (1.0 + Math.exp(-z[i]));
        }
        return z;
    }

    /**
     * Per point, how far float32 evaluation can move r: a first-order estimate propagated through the (folded)
     * layers. A dot product Σ w·a + b rounded in float32 errs by about u·c·(|b| + Σ|w·a|), u = 2⁻²⁴ and
     * c = 2·sqrt(terms) (rounding errors add like a random walk; the factor 2 is margin), and carries the error of
     * its inputs through Σ|w|·e; r = sigmoid(z) turns an error in z into r(1 − r) times it. Tiny for
     * well-conditioned points; up to ~1e-4 where batch norm fitted on a narrow range of inputs makes large terms
     * cancel (fine-tuned members, measured on ³He and ⁴⁰Ca), so exports use it to tell rounding from a wrong graph.
     */
    public double[] float32RoundingBound(float[] x, int n) {
        double u = Math.ulp(1.0f) / 2;
        List<Layer> layers =
                new java.util.ArrayList<>(hidden.stream().map(Layer::folded).toList());
        layers.add(output);
        double[] bound = new double[n];
        for (int i = 0; i < n; i++) {
            double[] a = new double[Kinematics.FEATURES];
            double[] e = new double[Kinematics.FEATURES];
            for (int k = 0; k < a.length; k++) {
                a[k] = x[i * Kinematics.FEATURES + k];
            }
            double z = 0;
            double error = 0;
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                boolean last = l == layers.size() - 1;
                double growth = 2 * Math.sqrt(layer.inputs() + 1.0);
                double[] next = new double[layer.outputs()];
                double[] nextError = new double[layer.outputs()];
                for (int j = 0; j < layer.outputs(); j++) {
                    double sum = layer.bias()[j];
                    double magnitude = Math.abs(sum);
                    double carried = 0;
                    for (int k = 0; k < layer.inputs(); k++) {
                        double w = layer.weight()[k * layer.outputs() + j];
                        sum += w * a[k];
                        magnitude += Math.abs(w * a[k]);
                        carried += Math.abs(w) * e[k];
                    }
                    double err = carried + growth * u * magnitude;
                    next[j] = last ? sum : Math.max(0.0, sum);
                    nextError[j] = last || sum + err > 0 ? err : 0; // a unit that may switch on carries its error
                }
                a = next;
                e = nextError;
                z = next[0];
                error = nextError[0];
            }
            double r = 1.0 / (1.0 + Math.exp(-z));
            bound[i] = r * (1 - r) * error + u * r;
        }
        return bound;
    }

    private static double[] dense(double[] a, int n, int width, Layer l) {
        double[] y = new double[n * l.outputs()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < l.outputs(); j++) {
                double s = l.bias()[j];
                for (int k = 0; k < width; k++) {
                    s += a[i * width + k] * l.weight()[k * l.outputs() + j];
                }
                y[i * l.outputs() + j] = s;
            }
        }
        return y;
    }
}
