package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;

/**
 * A generator profile of a model (fused file, NuWro file set, MC-dropout file), written by {@link ModelExport} into
 * the staged model directory before {@code SHA256SUMS} is sealed over it: the checksums cover it and the one swap
 * publishes it with the member files, or not at all.
 */
public interface GeneratorProfile {
    /**
     * Writes the profile's files into {@code dir}, each verified in ONNX Runtime before it counts.
     *
     * @param networks the members as the member files compute them (int16-stored layers as stored)
     * @param card the directory's card so far; files may embed it (without checksums) in their metadata
     * @return one verification per file written
     */
    List<FileVerification> write(Path dir, List<NetworkWeights> networks, int massNumber, ModelCard card)
            throws IOException, ExportVerificationException;

    /** The metadata by which a one-file profile describes itself: its model's card, without member checksums. */
    static Map<String, String> cardMetadata(ModelCard card) {
        return Map.of(MetadataKeys.CARD, CardJson.write(card.withoutChecksums()));
    }
}
