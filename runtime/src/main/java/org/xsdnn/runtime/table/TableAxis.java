package org.xsdnn.runtime.table;

import java.util.Arrays;
import java.util.Objects;

/**
 * One axis of a {@link LookupTable}: a name, a unit and at least two finite, strictly increasing node values.
 * Nodes need not be evenly spaced. Immutable.
 */
public final class TableAxis {
    private final String name;
    private final String unit;
    private final double[] values;

    /**
     * @param name axis name as written in the table header: {@code E}, {@code theta} or {@code omega}
     * @param unit {@code GeV} or {@code deg}
     * @param values the nodes; copied
     * @throws IllegalArgumentException when there are fewer than two values, one is not finite, or they do not
     *     increase strictly (the message names the axis and the offending values)
     */
    public TableAxis(String name, String unit, double[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(values, "values");
        if (values.length < 2) {
            throw new IllegalArgumentException(name + " axis has " + values.length + " value"
                    + (values.length == 1 ? "" : "s") + "; a table needs at least 2 per axis to interpolate between");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        name + " axis: value " + i + " is " + values[i] + "; expected a finite number");
            }
            if (i > 0 && !(values[i] > values[i - 1])) {
                throw new IllegalArgumentException(name + " axis: " + values[i] + " " + unit + " follows "
                        + values[i - 1] + " " + unit + "; the values must increase strictly");
            }
        }
        this.values = values.clone();
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    /** Number of nodes, at least 2. */
    public int size() {
        return values.length;
    }

    public double value(int i) {
        return values[i];
    }

    /** A copy of the nodes. */
    public double[] values() {
        return values.clone();
    }

    public double min() {
        return values[0];
    }

    public double max() {
        return values[values.length - 1];
    }

    /** The common spacing when the nodes are evenly spaced (every step within 1e-9 relative of the first), else NaN. */
    public double uniformStep() {
        double step = values[1] - values[0];
        for (int i = 2; i < values.length; i++) {
            if (Math.abs(values[i] - values[i - 1] - step) > 1e-9 * step) {
                return Double.NaN;
            }
        }
        return step;
    }

    /**
     * Index i of the interval [v_i, v_i+1] that holds x; the top node belongs to the last interval.
     * -1 when x is NaN or outside [min, max].
     */
    int interval(double x) {
        if (!(x >= values[0] && x <= values[values.length - 1])) {
            return -1;
        }
        int at = Arrays.binarySearch(values, x);
        int i = at >= 0 ? at : -at - 2;
        return Math.min(i, values.length - 2);
    }

    /** Where x lies in interval i: 0 at its lower node, 1 at its upper node. */
    double fraction(int i, double x) {
        return (x - values[i]) / (values[i + 1] - values[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableAxis a
                && name.equals(a.name)
                && unit.equals(a.unit)
                && Arrays.equals(values, a.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, unit, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return name + " [" + unit + "]: " + values.length + " nodes " + min() + " .. " + max();
    }
}
