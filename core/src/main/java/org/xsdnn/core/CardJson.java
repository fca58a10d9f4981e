package org.xsdnn.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON dialect of model cards and JSON metadata values: kebab-case keys (stable across languages),
 * map entries sorted by key (byte-identical output for equal cards), unknown keys ignored (a card written by
 * a later version still loads).
 */
public final class CardJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CardJson() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * {@code value}'s JSON object as a map of plain values (a section of a card), written in {@code view}: properties
     * marked {@code @JsonView} with another view are left out.
     */
    public static Map<String, Object> toMap(Object value, Class<?> view) {
        try {
            return MAPPER.readValue(
                    MAPPER.writerWithView(view).writeValueAsBytes(value),
                    new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName() + " as a JSON object", e);
        }
    }

    /** @throws JsonProcessingException when the text is not JSON of the expected shape */
    public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json, type);
    }
}
