package org.xsdnn.exporter;

import org.xsdnn.core.NetworkWeights;

/**
 * Folds inference-mode batch normalization into the dense layer before it, so the exported graph has one
 * Gemm per block: with s = γ/sqrt(var + ε) per output column j, W'[k][j] = W[k][j]·s_j and
 * b'_j = (b_j − mean_j)·s_j + β_j. Computed in double, rounded once to float.
 */
final class BatchNormFolding {
    private BatchNormFolding() {}

    /** The layer itself when it has no batch norm, otherwise an equivalent dense layer without one. */
    static NetworkWeights.Layer fold(NetworkWeights.Layer layer) {
        NetworkWeights.BatchNorm bn = layer.batchNorm();
        if (bn == null) {
            return layer;
        }
        int in = layer.inputs();
        int out = layer.outputs();
        float[] weight = new float[in * out];
        float[] bias = new float[out];
        for (int j = 0; j < out; j++) {
            double scale = bn.gamma()[j] / Math.sqrt((double) bn.variance()[j] + bn.epsilon());
            bias[j] = (float) (((double) layer.bias()[j] - bn.mean()[j]) * scale + bn.beta()[j]);
            for (int k = 0; k < in; k++) {
                weight[k * out + j] = (float) (layer.weight()[k * out + j] * scale);
            }
        }
        return new NetworkWeights.Layer(in, out, weight, bias, null);
    }
}
