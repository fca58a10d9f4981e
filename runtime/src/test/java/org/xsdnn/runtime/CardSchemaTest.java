package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The card schema on the class path is runtime/schema's, and every shipped card is well-formed by it. */
class CardSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void classPathSchemaIsTheSourceFile() throws IOException {
        byte[] source = Files.readAllBytes(Path.of("schema", "model-card.schema.json"));
        try (var in = CardSchema.class.getResourceAsStream(CardSchema.RESOURCE)) {
            assertEquals(
                    new String(source, java.nio.charset.StandardCharsets.UTF_8),
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(CardSchema.ID, JSON.readTree(source).path("$id").asText());
    }

    @Test
    void everyShippedCardIsWellFormed() throws IOException {
        Path models = Path.of("..", "onnx-models");
        List<Path> cards;
        try (Stream<Path> s = Files.walk(models, 3)) {
            cards = s.filter(p -> p.getFileName().toString().equals("model-card.json"))
                    .sorted()
                    .toList();
        }
        assertTrue(cards.size() >= 1, "no model-card.json under " + models.toAbsolutePath());
        for (Path card : cards) {
            assertNull(CardSchema.firstProblem(JSON.readTree(card.toFile())), card.toString());
        }
    }

    @Test
    void theFirstWrongFieldIsNamed() throws IOException {
        ObjectNode card = (ObjectNode) JSON.readTree("{\"target\": {\"mass-number\": \"twelve\"}, "
                + "\"members\": [{\"file\": \"m.onnx\", \"sha256\": \"abc\"}], \"added-in-2030\": {}}");
        String problem = CardSchema.firstProblem(card);
        assertTrue(problem.startsWith("\"members[0].sha256\": "), problem);
        card.remove("members");
        problem = CardSchema.firstProblem(card);
        assertTrue(problem.startsWith("\"target.mass-number\": ") && problem.contains("integer"), problem);
        assertNull(CardSchema.firstProblem(JSON.readTree("{\"added-in-2030\": [1]}")));
    }

    @Test
    void aCardThatIsNotJsonKeepsJacksonsDescription(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("model-card.json");
        Files.writeString(file, "{ \"name\": tiny");
        ContractException e = assertThrows(ContractException.class, () -> CardSchema.check(file));
        assertTrue(e.getMessage().startsWith(file + ": not a model card: Unrecognized token 'tiny'"), e.getMessage());
    }
}
