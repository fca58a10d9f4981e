package org.xsdnn.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;

/** Values of L, written a..b (inclusive) or as a comma-separated list, increasing. */
record LayerList(List<Integer> layers) {
    static final class Converter implements ITypeConverter<LayerList> {
        @Override
        public LayerList convert(String value) {
            List<Integer> layers = new ArrayList<>();
            try {
                String[] range = value.split("\\.\\.", -1);
                if (range.length == 2) {
                    for (int l = Integer.parseInt(range[0].trim()); l <= Integer.parseInt(range[1].trim()); l++) {
                        layers.add(l);
                    }
                } else {
                    for (String part : value.split(",", -1)) {
                        layers.add(Integer.parseInt(part.trim()));
                    }
                }
            } catch (NumberFormatException e) {
                layers.clear(); // reported below
            }
            boolean increasing = !layers.isEmpty() && layers.get(0) >= 1;
            for (int i = 1; i < layers.size(); i++) {
                increasing &= layers.get(i) > layers.get(i - 1);
            }
            if (!increasing) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a set of trainable"
                                + " layers; expected a..b with 1 <= a <= b (e.g. 1..11) or an increasing list (e.g. 1,2,3,5,8,11)");
            }
            return new LayerList(List.copyOf(layers));
        }
    }
}
