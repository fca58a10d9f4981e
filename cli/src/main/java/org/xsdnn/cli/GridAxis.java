package org.xsdnn.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.DoublePredicate;
import org.xsdnn.core.Kinematics;
import org.xsdnn.runtime.table.TableAxis;
import org.xsdnn.runtime.table.TableHeader;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One axis of xsdnn tabulate's grid as parsed from its option: the nodes, and the text they were given as, which the
 * table's header keeps as the axis's spec. Each option has its converter ({@link Energy}, {@link Theta},
 * {@link Omega}); picocli puts "Invalid value for option '--theta': " before its messages, which name the text
 * given, what is wrong with it and a grid that works.
 */
record GridAxis(TableAxis axis, String text) {
    /** The axis as the table header records it. */
    TableHeader.Axis header() {
        return TableHeader.Axis.of(axis, text);
    }

    /** A table axis from an option's text: at least two values, strictly increasing, each in the axis's range. */
    abstract static class Converter implements ITypeConverter<GridAxis> {
        private final String name;
        private final String symbol;
        private final String unit;
        private final String example;
        private final DoublePredicate valid;
        private final String range;

        /**
         * @param example a grid that works, with its option ("--theta 10:90:5")
         * @param range the rule a value broke, as a person reads it ("angles must lie in 0 < θ ≤ 180 degrees")
         */
        Converter(String name, String symbol, String unit, String example, DoublePredicate valid, String range) {
            this.name = name;
            this.symbol = symbol;
            this.unit = unit;
            this.example = example;
            this.valid = valid;
            this.range = range;
        }

        @Override
        public GridAxis convert(String text) {
            double[] values = new ValueList.Converter().convert(text).values();
            for (int i = 0; i < values.length; i++) {
                values[i] = round12(values[i]);
            }
            if (values.length < 2) {
                throw new TypeConversionException("'" + text + "' gives " + values.length
                        + " value; a table needs at least 2 per axis to interpolate between. Give a grid"
                        + " start:stop:step, e.g. " + example + ".");
            }
            for (int i = 1; i < values.length; i++) {
                if (!(values[i] > values[i - 1])) {
                    throw new TypeConversionException("'" + text + "': " + fmt(values[i]) + " follows "
                            + fmt(values[i - 1]) + "; the values must increase strictly (no repeats). List them in"
                            + " increasing order or give a grid start:stop:step, e.g. " + example + ".");
                }
            }
            for (double v : values) {
                if (!valid.test(v)) {
                    throw new TypeConversionException("'" + text + "': " + symbol + " = " + fmt(v) + " " + unit + "; "
                            + range + ", e.g. " + example + ".");
                }
            }
            return new GridAxis(new TableAxis(name, unit, values), text);
        }
    }

    static final class Energy extends Converter {
        Energy() {
            super("E", "E", "GeV", "-E 0.2:2.0:0.1", Kinematics::isBeamEnergy, "beam energies must be > 0");
        }
    }

    static final class Theta extends Converter {
        Theta() {
            super(
                    "theta",
                    "θ",
                    "deg",
                    "--theta 10:90:5",
                    Kinematics::isAngle,
                    "angles must lie in 0 < θ ≤ 180 degrees");
        }
    }

    static final class Omega extends Converter {
        Omega() {
            super(
                    "omega",
                    "ω",
                    "GeV",
                    "--omega 0.01:1.0:0.01",
                    Kinematics::isEnergyTransfer,
                    "energy transfers must be ≥ 0");
        }
    }

    /** Nodes come from start + i·step; rounding to 12 significant digits makes 0.01:1.0:0.01 give exactly 0.03, not 0.030000000000000002. */
    private static double round12(double v) {
        return Double.isFinite(v) && v != 0
                ? new BigDecimal(v).round(new MathContext(12)).doubleValue()
                : v;
    }

    /** A node as typed: 0.1, not 0.1000 or 1.0E-1. */
    static String fmt(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }
}
