package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.runtime.table.TableHeader;

/** Models are identified by their card's checksum (xsdnn) or by their member files' (NuWro), for table headers. */
class ModelIdentityTest {
    private static final Path CARBON_A =
            Path.of(System.getProperty("xsdnn.root", ".")).resolve("onnx-models/carbon-a");
    private static final Path NUWRO =
            Path.of(System.getProperty("xsdnn.shared", "/work/shared"), "reference-models", "nuwro-pr53");

    @Test
    void xsdnnModelsAreIdentifiedByTheirCardChecksum() throws Exception {
        try (Ensemble ensemble = Ensemble.open(CARBON_A, ScoringOptions.defaults())) {
            ModelCard card = ensemble.card().orElseThrow();
            ModelIdentity id = ensemble.identity();
            assertEquals(card.name(), id.name());
            assertEquals("xsdnn", id.layout());
            assertEquals(Sha256Sums.hexOf(CARBON_A.resolve(ModelCard.FILE_NAME)), id.cardSha256());
            Map<String, String> members = new LinkedHashMap<>();
            card.members().forEach(m -> members.put(m.file(), m.sha256()));
            assertEquals(members, id.memberSha256());
            assertEquals(
                    new TableHeader.Model(id.name(), "xsdnn", id.cardSha256(), members, 2, 12),
                    TableHeader.Model.of(ensemble));
        }
    }

    @Test
    void nuwroModelsAreIdentifiedByTheirMemberFiles() throws Exception {
        try (Ensemble ensemble = Ensemble.open(NUWRO, ScoringOptions.defaults())) {
            ModelIdentity id = ensemble.identity();
            assertEquals("nuwro-pr53", id.name());
            assertEquals("nuwro", id.layout());
            assertNull(id.cardSha256());
            assertEquals(
                    List.of("model_electron_A_12_0.onnx", "model_electron_A_12_1.onnx"),
                    List.copyOf(id.memberSha256().keySet()));
            assertEquals(
                    Sha256Sums.hexOf(NUWRO.resolve("model_electron_A_12_1.onnx")),
                    id.memberSha256().get("model_electron_A_12_1.onnx"));
        }
    }
}
