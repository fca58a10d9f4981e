package org.xsdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model cards survive a JSON round trip, load with fields added or missing, and are written atomically. */
class ModelCardTest {
    @TempDir
    Path tmp;

    private static ModelCard card() {
        ModelCard.Member member =
                new ModelCard.Member("member-00.onnx", "0".repeat(64), 7, Map.of("Barr1983", 0.99), 1.3);
        ModelCard.Data data = new ModelCard.Data(
                List.of(new ModelCard.DataFile("qes/carbon.csv", "1".repeat(64))),
                "carbon paper",
                2400,
                2,
                258,
                Map.of("Barr1983", 200, "Whit1974", 58));
        ModelCard.Domain domain = new ModelCard.Domain(
                new ModelCard.Range(0.16, 5.8), new ModelCard.Range(12, 145), new ModelCard.Range(0.01, 3.5));
        return new ModelCard(
                "carbon-a",
                "0.1.0",
                "2025-06-01T12:00:00Z",
                new ModelCard.Target("carbon-12", 6, 12),
                ModelCard.Contract.xsdnn1(),
                List.of(member),
                Map.of("epochs", 40000, "learning-rate", 5e-4, "layers", List.of(300, 300)),
                data,
                Map.of("held-out-chi2-per-point", 1.1),
                domain,
                "note");
    }

    @Test
    void roundTripsThroughFile() throws IOException {
        Path file = tmp.resolve(ModelCard.FILE_NAME);
        card().write(file);
        assertEquals(card(), ModelCard.read(file));
        try (var listing = Files.list(tmp)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void usesKebabCaseKeysWithReadableUnits() {
        String json = CardJson.write(card());
        for (String key : List.of(
                "\"xsdnn-version\"",
                "\"created-at\"",
                "\"held-out-chi2-per-point\"",
                "\"proton-number\"",
                "\"mass-number\"",
                "\"energy-gev\"",
                "\"theta-deg\"",
                "\"omega-gev\"",
                "\"points-cut-per-experiment\"",
                "\"sigma-formula\"")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertEquals(json, CardJson.write(card()));
    }

    @Test
    void toleratesUnknownAndMissingFields() throws IOException {
        ModelCard card = CardJson.read(
                "{\"name\": \"x\", \"added-in-2030\": {\"a\": 1}, "
                        + "\"target\": {\"name\": \"C\", \"mass-number\": 12, \"spin\": 0}}",
                ModelCard.class);
        assertEquals("x", card.name());
        assertEquals(12, card.target().massNumber());
        assertEquals(List.of(), card.members());
        assertEquals(Map.of(), card.training());
    }

    @Test
    void isImmutableAndDropsChecksumsForEmbedding() {
        ModelCard card = card();
        assertThrows(UnsupportedOperationException.class, () -> card.members().add(null));
        assertThrows(UnsupportedOperationException.class, () -> card.training().put("x", 1));
        ModelCard embedded = card.withoutChecksums();
        assertEquals(null, embedded.members().get(0).sha256());
        assertEquals("member-00.onnx", embedded.members().get(0).file());
    }

    @Test
    void readNamesTheFileOfABadCard() throws IOException {
        Path file = tmp.resolve(ModelCard.FILE_NAME);
        Files.writeString(file, "{ not json");
        IOException e = assertThrows(IOException.class, () -> ModelCard.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a model card"), e.getMessage());
    }

    @Test
    void theDomainAdmitsItsRangeAndNamesWhatLiesBeyond() {
        ModelCard.Domain d = new ModelCard.Domain(new ModelCard.Range(0.16, 5.8), new ModelCard.Range(12, 145), null);
        assertTrue(d.contains(0.16, 145, 99), "bounds are inside; a missing range limits nothing");
        assertFalse(d.contains(0.1, 36, 0.05));
        assertEquals(
                List.of(),
                d.beyond(new ModelCard.Range(0.2, 5), new ModelCard.Range(12, 90), new ModelCard.Range(0, 9)));
        assertEquals(
                List.of("θ 10.00-90.00 deg, trained on 12.00-145.0"),
                d.beyond(new ModelCard.Range(0.2, 5), new ModelCard.Range(10, 90), new ModelCard.Range(0, 1)));
    }
}
