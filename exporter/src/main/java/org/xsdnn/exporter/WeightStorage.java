package org.xsdnn.exporter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xsdnn.core.NetworkWeights;

/**
 * How a member file stores its dense-layer weights. Computation is float32 either way: int16 codes are cast to
 * float32 and scaled inside the graph, so only the bytes on disk change.
 */
public enum WeightStorage {
    /** Float32 initializers: the trained (batch-norm-folded) weights as they are. */
    FLOAT32,
    /**
     * Hidden layers after the first as int16 codes with one float32 scale per output column (half the bytes:
     * 1.7 MB instead of 3.3 MB for the paper's network, so that a 50-member ensemble fits the shipped-model
     * budget); the first layer, the output layer and all biases stay float32 (few values). Float16 was measured
     * first and rejected: its 11 significant bits changed r of a trained carbon member by up to 2.7 %, mostly
     * through the first layer, whose inputs nearly cancel. The rounding is checked on the export's verification
     * points: while it changes r by more than {@link #MAX_RELATIVE_CHANGE} anywhere, the layer that alone
     * changes r most goes back to float32.
     */
    INT16;

    /** Largest relative change of r that reduced-precision storage may cause at any verification point. */
    public static final double MAX_RELATIVE_CHANGE = 1e-3;

    /**
     * How each layer of {@code network} is stored, chosen so that r changes by at most
     * {@link #MAX_RELATIVE_CHANGE} at the given points.
     *
     * @param features row-major [n, 5] scaled inputs the choice is measured on
     */
    public StoredNetwork store(NetworkWeights network, float[] features, int n) {
        List<NetworkWeights.Layer> folded = new ArrayList<>();
        network.hidden().forEach(l -> folded.add(l.folded()));
        NetworkWeights reference = new NetworkWeights(folded, network.output(), network.dropout());
        int layers = folded.size();
        StoredNetwork.Int16Layer[] codes = new StoredNetwork.Int16Layer[layers];
        if (this == FLOAT32 || layers < 2) {
            return new StoredNetwork(reference, Arrays.asList(codes), 0);
        }
        double[] expected = reference.forward(features, n);
        for (int l = 1; l < layers; l++) {
            codes[l] = StoredNetwork.Int16Layer.of(folded.get(l));
        }
        double[] alone = null;
        while (true) {
            StoredNetwork candidate = new StoredNetwork(reference, Arrays.asList(codes.clone()), 0);
            double change = maxRelativeChange(expected, candidate.computed().forward(features, n));
            int worst = -1;
            if (change > MAX_RELATIVE_CHANGE) {
                if (alone == null) {
                    alone = new double[layers];
                    for (int l = 1; l < layers; l++) {
                        StoredNetwork.Int16Layer[] one = new StoredNetwork.Int16Layer[layers];
                        one[l] = codes[l];
                        alone[l] = maxRelativeChange(
                                expected,
                                new StoredNetwork(reference, Arrays.asList(one), 0)
                                        .computed()
                                        .forward(features, n));
                    }
                }
                for (int l = 1; l < layers; l++) {
                    if (codes[l] != null && (worst < 0 || alone[l] > alone[worst])) {
                        worst = l;
                    }
                }
            }
            if (worst < 0) {
                return new StoredNetwork(reference, Arrays.asList(codes), change);
            }
            codes[worst] = null;
        }
    }

    private static double maxRelativeChange(double[] expected, double[] got) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]) / Math.abs(expected[i]));
        }
        return worst;
    }
}
