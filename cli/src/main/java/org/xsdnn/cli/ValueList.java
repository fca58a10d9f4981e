package org.xsdnn.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Values given as "a", "a,b,c" or a grid "start:stop:step" (stop included when on the grid). */
record ValueList(double[] values) {
    static final class Converter implements CommandLine.ITypeConverter<ValueList> {
        @Override
        public ValueList convert(String text) {
            List<Double> out = new ArrayList<>();
            for (String part : text.split(",")) {
                String[] grid = part.trim().split(":");
                try {
                    if (grid.length == 1) {
                        out.add(Double.parseDouble(grid[0]));
                    } else if (grid.length == 3) {
                        double start = Double.parseDouble(grid[0]);
                        double stop = Double.parseDouble(grid[1]);
                        double step = Double.parseDouble(grid[2]);
                        if (!(step > 0) || stop < start) {
                            throw new CommandLine.TypeConversionException(
                                    "grid '" + part + "': expected start:stop:step with step > 0 and stop >= start");
                        }
                        long count = (long) Math.floor((stop - start) / step + 1e-9) + 1;
                        if (count > 10_000_000) {
                            throw new CommandLine.TypeConversionException(
                                    "grid '" + part + "' has " + count + " points; at most 10,000,000");
                        }
                        for (long i = 0; i < count; i++) {
                            out.add(start + i * step); // multiply, not accumulate: no drift along the grid
                        }
                    } else {
                        throw new CommandLine.TypeConversionException(
                                "'" + part + "': expected a number like 0.35 or a grid like 0.01:0.6:0.005");
                    }
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + part
                            + "' is not a number; expected a number like 0.35 or a grid like 0.01:0.6:0.005");
                }
            }
            return new ValueList(out.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
