package org.xsdnn.runtime.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xsdnn.runtime.Prediction;

/**
 * The header {@link TableHeader} writes into an {@code .xsdt} file meets runtime/schema/xsdt-header.schema.json
 * (on the class path under org/xsdnn/runtime/schema): fresh from the tabulator, and with a model, an error estimate
 * and provenance; and headers with a wrong version, two axes or no format are refused.
 */
class TableHeaderSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableAxis E = new TableAxis("E", "GeV", new double[] {0.4, 0.6, 0.8, 1.0});
    private static final TableAxis THETA = new TableAxis("theta", "deg", new double[] {20, 30, 45});
    private static final TableAxis OMEGA = new TableAxis("omega", "GeV", new double[] {0.0, 0.1, 0.25, 0.5, 0.9});

    private static Schema schema() throws IOException {
        try (InputStream in =
                TableHeaderSchemaTest.class.getResourceAsStream("/org/xsdnn/runtime/schema/xsdt-header.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
    }

    private static List<Error> errors(String json) throws IOException {
        return schema().validate(JSON.readTree(json));
    }

    private static Tabulator.Scorer scorer() {
        return (e, t, w) -> {
            double[] mean = new double[e.length];
            double[] std = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                mean[i] = (1 + e[i] * w[i]) * (1 + t[i] / 100);
                std[i] = mean[i] / 10;
            }
            return new Prediction(mean, std, new double[][] {mean});
        };
    }

    @Test
    void writtenHeadersMeetTheSchema() throws Exception {
        LookupTable fresh = Tabulator.tabulate(E, THETA, OMEGA, scorer(), 64, Tabulator.Progress.none());
        assertEquals(List.of(), errors(fresh.headerJson()), fresh.headerJson());

        InterpolationError error = Tabulator.estimateError(fresh, scorer(), 1000, 1, 64, Tabulator.Progress.none());
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("member-00.onnx", "0123456789abcdef".repeat(4));
        TableHeader header = fresh.header()
                .withModel(new TableHeader.Model("tiny", "xsdnn", "fedcba9876543210".repeat(4), sums, 1, 12))
                .withInterpolationError(error)
                .withProvenance("2026-01-01T00:00:00Z", "0.1.0");
        LookupTable full = fresh.withHeader(header);
        assertEquals(List.of(), errors(full.headerJson()), full.headerJson());
    }

    @Test
    void brokenHeadersAreRefused() throws Exception {
        LookupTable table = Tabulator.tabulate(E, THETA, OMEGA, scorer(), 64, Tabulator.Progress.none());
        ObjectNode header = (ObjectNode) JSON.readTree(table.headerJson());
        ObjectNode wrongVersion = header.deepCopy().put("format-version", 2);
        assertFalse(schema().validate(wrongVersion).isEmpty());
        ObjectNode twoAxes = header.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) twoAxes.get("axes")).remove(2);
        assertFalse(schema().validate(twoAxes).isEmpty());
        JsonNode noFormat = header.deepCopy().without("format");
        assertFalse(schema().validate(noFormat).isEmpty());
    }
}
