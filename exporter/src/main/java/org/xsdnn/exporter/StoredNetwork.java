package org.xsdnn.exporter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.xsdnn.core.NetworkWeights;

/**
 * A member as its file stores it: batch norm folded into the dense layers, some hidden layers as int16 codes.
 *
 * @param reference the folded float32 network, before any reduced-precision rounding
 * @param int16 per hidden layer, its int16 codes, or null where the layer is stored as float32
 * @param maxRelativeChange largest relative change of r the rounding causes on the points it was chosen on
 */
public record StoredNetwork(NetworkWeights reference, List<Int16Layer> int16, double maxRelativeChange) {
    public StoredNetwork {
        int16 = Collections.unmodifiableList(new ArrayList<>(int16)); // nulls allowed: float32 layers
        if (int16.size() != reference.hidden().size()) {
            throw new IllegalArgumentException(
                    int16.size() + " storage entries for " + reference.hidden().size() + " layers");
        }
    }

    /** A network stored as float32 throughout. */
    public static StoredNetwork float32(NetworkWeights network) {
        return WeightStorage.FLOAT32.store(network, new float[0], 0);
    }

    /** What the file computes: the reference with every int16 layer's weights replaced by scale × code. */
    public NetworkWeights computed() {
        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        for (int l = 0; l < reference.hidden().size(); l++) {
            NetworkWeights.Layer layer = reference.hidden().get(l);
            hidden.add(
                    int16.get(l) == null
                            ? layer
                            : new NetworkWeights.Layer(
                                    layer.inputs(),
                                    layer.outputs(),
                                    int16.get(l).weights(),
                                    layer.bias(),
                                    null));
        }
        return new NetworkWeights(hidden, reference.output(), reference.dropout());
    }

    /** Number of hidden layers stored as int16. */
    public long int16Layers() {
        return int16.stream().filter(java.util.Objects::nonNull).count();
    }

    /**
     * A dense kernel [inputs, outputs] as int16 codes with one scale per output column: weight = scale_j · code,
     * scale_j = max_k |W_kj| / 32767, so each column uses the whole int16 range.
     */
    public record Int16Layer(int inputs, int outputs, short[] codes, float[] scales) {
        static Int16Layer of(NetworkWeights.Layer layer) {
            int in = layer.inputs();
            int out = layer.outputs();
            float[] w = layer.weight();
            short[] codes = new short[w.length];
            float[] scales = new float[out];
            for (int j = 0; j < out; j++) {
                float largest = 0;
                for (int k = 0; k < in; k++) {
                    largest = Math.max(largest, Math.abs(w[k * out + j]));
                }
                scales[j] = largest == 0 ? 1f : largest / Short.MAX_VALUE;
                for (int k = 0; k < in; k++) {
                    codes[k * out + j] = (short) Math.max(
                            -Short.MAX_VALUE, Math.min(Short.MAX_VALUE, Math.round(w[k * out + j] / scales[j])));
                }
            }
            return new Int16Layer(in, out, codes, scales);
        }

        /** The float32 weights the graph computes with: Cast(code) · scale in float32, as ONNX Runtime's Mul. */
        float[] weights() {
            float[] w = new float[codes.length];
            for (int i = 0; i < codes.length; i++) {
                w[i] = (float) codes[i] * scales[i % outputs];
            }
            return w;
        }
    }
}
