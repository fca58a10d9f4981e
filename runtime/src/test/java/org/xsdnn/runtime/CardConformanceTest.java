package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.core.Sha256Sums;

/**
 * runtime/schema/conformance/model-cards.json: the broken and the odd-but-valid cards that the Java, Python and C++
 * front ends must treat alike (refused with a {@link ContractException}, or opened). runtime/python
 * (test_conformance.py) and runtime/cpp (card_conformance_test.cpp) run the same cases.
 */
class CardConformanceTest {
    private static final Path CASES = Path.of("schema", "conformance", "model-cards.json");
    private static final float[] W5 = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<JsonNode> cases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        JSON.readTree(CASES.toFile()).path("cases").forEach(cases::add);
        return cases;
    }

    @Test
    void theCasesCoverBothOutcomes() throws IOException {
        List<JsonNode> cases = cases();
        assertTrue(cases.size() >= 20, "only " + cases.size() + " cases in " + CASES.toAbsolutePath());
        assertTrue(cases.stream().anyMatch(c -> c.path("expect").asText().equals("refused")));
        assertTrue(cases.stream().anyMatch(c -> c.path("expect").asText().equals("accepted")));
    }

    @TestFactory
    Stream<DynamicTest> frontEndsAgreeOnEveryCard() throws IOException {
        List<JsonNode> cases = cases();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            Path dir = tmp.resolve("m" + i);
            tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> check(c, dir)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c, Path dir) throws Exception {
        TestDirectories.xsdnn(dir, Map.of("member-00.onnx", TinyOnnx.linearSigmoid(W5, OnnxContract.OUTPUT_NAME)));
        Path cardFile = dir.resolve(ModelCard.FILE_NAME);
        String text = c.has("text")
                ? c.path("text").asText()
                : JSON.writeValueAsString(patch(JSON.readTree(cardFile.toFile()), c.path("patch")));
        Files.writeString(cardFile, text, StandardCharsets.UTF_8);
        rewriteSums(dir);
        String name = c.path("name").asText();
        if (c.path("expect").asText().equals("refused")) {
            assertThrows(
                    ContractException.class,
                    () -> Ensemble.open(dir, ScoringOptions.defaults()).close(),
                    name);
        } else {
            try (Ensemble e = Ensemble.open(dir, ScoringOptions.defaults())) {
                assertEquals(1, e.members(), name);
            }
        }
    }

    /** RFC 6902 add, remove and replace on JSON Pointer paths (all the cases use). */
    private static JsonNode patch(JsonNode document, JsonNode operations) {
        for (JsonNode op : operations) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            if (path.isEmpty()) {
                document = op.path("value").deepCopy();
                continue;
            }
            int cut = path.lastIndexOf('/');
            JsonNode parent = cut == 0 ? document : document.at(path.substring(0, cut));
            String last = path.substring(cut + 1).replace("~1", "/").replace("~0", "~");
            if (parent instanceof ObjectNode object) {
                if (kind.equals("remove")) {
                    object.remove(last);
                } else {
                    object.set(last, op.path("value").deepCopy());
                }
            } else if (parent instanceof ArrayNode array) {
                int index = Integer.parseInt(last);
                switch (kind) {
                    case "remove" -> array.remove(index);
                    case "replace" -> array.set(index, op.path("value").deepCopy());
                    default -> array.insert(index, op.path("value").deepCopy());
                }
            } else {
                throw new IllegalArgumentException("no container at " + path);
            }
        }
        return document;
    }

    /** Recomputes SHA256SUMS for the files it lists, so that only the card's content is wrong. */
    private static void rewriteSums(Path dir) throws IOException {
        Path sumsFile = dir.resolve(Sha256Sums.FILE_NAME);
        Map<String, String> fresh = new LinkedHashMap<>();
        for (String name : Sha256Sums.parse(Files.readString(sumsFile, StandardCharsets.UTF_8))
                .keySet()) {
            fresh.put(name, Sha256Sums.hexOf(dir.resolve(name)));
        }
        Files.writeString(sumsFile, Sha256Sums.format(fresh), StandardCharsets.UTF_8);
    }
}
