package org.xsdnn.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Checks {@code model-card.json} against the JSON Schema {@code runtime/schema/model-card.schema.json} (draft
 * 2020-12, packaged on the class path as {@value #RESOURCE}), the one written description of a well-formed card
 * that the Python and C++ front ends follow too. Whether a well-formed card can be scored (its contract, members,
 * mass number, checksums) is {@link ModelDirectory}'s check, after this one. Thread-safe.
 */
final class CardSchema {
    /** Where the build puts the schema (runtime/pom.xml copies runtime/schema there). */
    static final String RESOURCE = "/org/xsdnn/runtime/schema/model-card.schema.json";
    /** {@code $id} of the schema; its last number is the schema version. */
    static final String ID = "urn:xsdnn:schema:model-card:1";

    private static final ObjectMapper TREE = new ObjectMapper();
    private static final Schema SCHEMA = load();

    private CardSchema() {}

    private static Schema load() {
        try (InputStream in = CardSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is missing from the class path; the runtime jar is incomplete");
            }
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
            String id = schema.getSchemaNode().path("$id").asText();
            if (!ID.equals(id)) {
                throw new IllegalStateException(RESOURCE + " has $id " + id + "; expected " + ID);
            }
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot be read", e);
        }
    }

    /**
     * Reads and checks a card file.
     *
     * @throws ContractException naming the file and the first wrong field in document order
     *     ({@code <file>: not a model card: "target.mass-number": string found, integer expected}); also when the
     *     text is not JSON, with Jackson's description as {@link org.xsdnn.core.ModelCard#read} gives it
     * @throws IOException when the file cannot be read or is not UTF-8
     */
    static void check(Path cardFile) throws IOException, ContractException {
        String json = Files.readString(cardFile, StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            tree = TREE.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ContractException(cardFile + ": not a model card: " + e.getOriginalMessage(), e);
        }
        String problem = firstProblem(tree);
        if (problem != null) {
            throw new ContractException(cardFile + ": not a model card: " + problem);
        }
    }

    /** The first violation in document order as {@code "where": what}, or null when the card is well-formed. */
    static String firstProblem(JsonNode card) {
        List<Error> errors = SCHEMA.validate(card == null ? TREE.missingNode() : card);
        return errors.stream()
                .min(Comparator.comparing(Error::getInstanceLocation, CardSchema::documentOrder))
                .map(e -> "\"" + where(e.getInstanceLocation()) + "\": " + withoutLocation(e))
                .orElse(null);
    }

    /** Path elements compared one by one, array indices numerically; a parent comes before its children. */
    private static int documentOrder(NodePath a, NodePath b) {
        int n = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < n; i++) {
            Object x = a.getElement(i);
            Object y = b.getElement(i);
            int c = x instanceof Integer xi && y instanceof Integer yi
                    ? Integer.compare(xi, yi)
                    : x instanceof Integer
                            ? -1
                            : y instanceof Integer ? 1 : x.toString().compareTo(y.toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    }

    /** {@code target.mass-number}, {@code members[0].sha256}; {@code card} for the whole document. */
    private static String where(NodePath path) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                s.append('[').append(index).append(']');
            } else {
                s.append(s.length() == 0 ? "" : ".").append(element);
            }
        }
        return s.length() == 0 ? "card" : s.toString();
    }

    /** The validator's message without the instance location it starts with. */
    private static String withoutLocation(Error e) {
        String message = e.getMessage();
        String location = e.getInstanceLocation().toString();
        if (message.startsWith(location + ": ")) {
            return message.substring(location.length() + 2);
        }
        return message;
    }
}
