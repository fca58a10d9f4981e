package org.xsdnn.exporter;

import java.util.List;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;

/**
 * What an export takes from training: the trainer's own types stay out of the exporter (it must not pull in ND4J),
 * so whoever reads a run fills this in.
 *
 * @param card the model's card; one member entry per network, files and checksums not yet set
 * @param networks the trained networks, in card order
 * @param features row-major [points, 5] scaled inputs every member file is verified on (the training inputs)
 * @param expectedR per network, the r the trainer computes on {@code features}
 * @param seed the run's seed; model B's dropout masks are drawn from it
 */
public record TrainedMembers(
        ModelCard card,
        List<NetworkWeights> networks,
        float[] features,
        int points,
        List<double[]> expectedR,
        long seed) {
    public TrainedMembers {
        networks = List.copyOf(networks);
        expectedR = List.copyOf(expectedR);
    }
}
