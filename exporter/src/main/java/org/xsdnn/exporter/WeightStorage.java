package org.xsdnn.exporter;

import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.NetworkWeights;

/**
 * How a member file stores its dense-layer weights. Computation is float32 either way: float16
 * initializers are cast to float32 inside the graph, so only storage is halved.
 */
public enum WeightStorage {
    /** Float32 initializers: the trained (batch-norm-folded) weights as they are. */
    FLOAT32,
    /**
     * Float16 initializers: half the bytes (820k parameters: 1.6 MB instead of 3.3 MB), so that a
     * 50-member ensemble fits the shipped-model budget. Rounding every folded weight to the nearest
     * half changes r by about 1e-4 relative; the exporter measures the change on every verification
     * point and refuses more than {@link #MAX_FLOAT16_RELATIVE_CHANGE}.
     */
    FLOAT16;

    /** Largest change of r (relative, with the tail allowance of {@link ExportVerifier}) float16 storage may cause. */
    public static final double MAX_FLOAT16_RELATIVE_CHANGE = 1e-3;

    /**
     * The network a file of this storage computes, in plain float32 arrays: batch norm folded into
     * the dense layers, and for {@link #FLOAT16} every weight and bias rounded to the nearest half.
     * Its {@link NetworkWeights#forward} is what the file must reproduce.
     */
    public NetworkWeights stored(NetworkWeights network) {
        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        for (NetworkWeights.Layer layer : network.hidden()) {
            hidden.add(round(BatchNormFolding.fold(layer)));
        }
        return new NetworkWeights(hidden, round(network.output()), network.dropout());
    }

    private NetworkWeights.Layer round(NetworkWeights.Layer layer) {
        if (this == FLOAT32) {
            return layer;
        }
        float[] weight = layer.weight().clone();
        float[] bias = layer.bias().clone();
        for (int i = 0; i < weight.length; i++) {
            weight[i] = Float16.round(weight[i]);
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = Float16.round(bias[i]);
        }
        return new NetworkWeights.Layer(layer.inputs(), layer.outputs(), weight, bias, null);
    }
}
