package org.xsdnn.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonView;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the fingerprint and the run identity take from the settings records, read off their components, so that a
 * setting added to a record needs no edit here: the records as checkpoint fingerprints have written them from the
 * first runs (a record as its own {@code toString} writes it, {@code ShapePhase[epochs=0, batchSize=0,
 * learningRate=0.001]}, less the components that run.json leaves out too, so one added with
 * {@code @JsonInclude(NON_DEFAULT)} changes no earlier run's fingerprint), and the settings without their stop rules.
 */
final class Settings {
    private Settings() {}

    /** A record as {@code Name[a=1, b=2]}, nested records alike; any other value as {@link String#valueOf}. */
    static String of(Object value) {
        if (!(value instanceof Record record)) {
            return String.valueOf(value);
        }
        return components(record).entrySet().stream()
                .map(e -> e.getKey() + "=" + of(e.getValue()))
                .collect(Collectors.joining(", ", record.getClass().getSimpleName() + "[", "]"));
    }

    /**
     * The components of a record by name, in declaration order, without the stop rules ({@link
     * TrainerConfig.StopRule}) and without those marked {@code NON_DEFAULT} that are at their default (0, false).
     */
    static Map<String, Object> components(Record record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (isStopRule(c)) {
                continue;
            }
            Object value = value(record, c);
            JsonInclude include = c.getAccessor().getAnnotation(JsonInclude.class);
            boolean atDefault =
                    value == null || Boolean.FALSE.equals(value) || (value instanceof Number n && n.doubleValue() == 0);
            if (include == null || include.value() != JsonInclude.Include.NON_DEFAULT || !atDefault) {
                values.put(c.getName(), value);
            }
        }
        return values;
    }

    /** {@code config} with every stop rule at 0. */
    static TrainerConfig withoutStopRules(TrainerConfig config) {
        RecordComponent[] components = TrainerConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            // A one-element array holds the type's default: 0 for the numbers the stop rules are.
            values[i] = isStopRule(components[i])
                    ? Array.get(Array.newInstance(types[i], 1), 0)
                    : value(config, components[i]);
        }
        try {
            return TrainerConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the canonical constructor of a record is public", e);
        }
    }

    private static boolean isStopRule(RecordComponent c) {
        JsonView view = c.getAccessor().getAnnotation(JsonView.class);
        return view != null && Arrays.asList(view.value()).contains(TrainerConfig.StopRule.class);
    }

    private static Object value(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("record accessors are public and do not throw: " + c, e);
        }
    }
}
