package org.xsdnn.cli;

import java.util.List;
import java.util.Locale;
import org.xsdnn.core.Kinematics;
import org.xsdnn.runtime.table.LookupTable;
import org.xsdnn.runtime.table.TableAxis;
import org.xsdnn.runtime.table.TableHeader;
import org.xsdnn.runtime.table.Tabulator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The axes of xsdnn tabulate (a mixin: -E, --theta, --omega). They are read as text and checked here, not by a
 * picocli converter: an axis error is one line that names the option, the text given and a grid that works, and
 * some errors (no cell below ω = E, too many nodes) need all three axes at once. The text also goes into the
 * table's header as each axis's spec.
 */
final class GridAxes {
    @Option(
            names = {"-E", "--energy"},
            required = true,
            paramLabel = "<GeV>",
            description = "Beam energies E in GeV, e.g. 0.2:2.0:0.1.")
    String energy;

    @Option(
            names = "--theta",
            required = true,
            paramLabel = "<deg>",
            description = "Scattering angles θ in degrees, e.g. 10:90:5.")
    String theta;

    @Option(
            names = "--omega",
            required = true,
            paramLabel = "<GeV>",
            description = "Energy transfers ω in GeV, e.g. 0.01:1.0:0.01.")
    String omega;

    /** E, θ and ω, each checked and then checked together. */
    List<TableAxis> axes() throws XsdnnException {
        TableAxis e = axis("-E", "E", "GeV", energy, "0.2:2.0:0.1");
        TableAxis t = axis("--theta", "theta", "deg", theta, "10:90:5");
        TableAxis w = axis("--omega", "omega", "GeV", omega, "0.01:1.0:0.01");
        check(e, t, w);
        return List.of(e, t, w);
    }

    /** The axes as the table header records them, each with the text it was given as. */
    List<TableHeader.Axis> headerAxes(List<TableAxis> axes) {
        return List.of(
                TableHeader.Axis.of(axes.get(0), energy),
                TableHeader.Axis.of(axes.get(1), theta),
                TableHeader.Axis.of(axes.get(2), omega));
    }

    /** One axis from its option text; usage errors name the option, what was given and a grid that works. */
    private static TableAxis axis(String option, String name, String unit, String text, String example)
            throws XsdnnException {
        double[] values;
        try {
            values = new ValueList.Converter().convert(text).values();
        } catch (CommandLine.TypeConversionException x) {
            throw usage(option + " " + text + ": " + x.getMessage() + ".");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = round12(values[i]);
        }
        if (values.length < 2) {
            throw usage(option + " " + text + " gives " + values.length
                    + " value; a table needs at least 2 per axis to interpolate "
                    + "between. Give a grid start:stop:step, e.g. " + option + " " + example + ".");
        }
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1])) {
                throw usage(option + " " + text + ": " + fmt(values[i]) + " follows " + fmt(values[i - 1])
                        + "; the values must increase strictly (no repeats). List them in increasing order or give a grid "
                        + "start:stop:step, e.g. " + option + " " + example + ".");
            }
        }
        for (double v : values) {
            String problem = switch (name) {
                case "E" -> Kinematics.isBeamEnergy(v) ? null : "E = " + fmt(v) + " GeV; beam energies must be > 0";
                case "theta" ->
                    Kinematics.isAngle(v) ? null : "θ = " + fmt(v) + " deg; angles must lie in 0 < θ ≤ 180 degrees";
                default ->
                    Kinematics.isEnergyTransfer(v) ? null : "ω = " + fmt(v) + " GeV; energy transfers must be ≥ 0";
            };
            if (problem != null) {
                throw usage(option + " " + text + ": " + problem + ", e.g. " + option + " " + example + ".");
            }
        }
        return new TableAxis(name, unit, values);
    }

    /** A grid the table format can hold and interpolate somewhere. */
    private static void check(TableAxis e, TableAxis t, TableAxis w) throws XsdnnException {
        long nodes = (long) e.size() * t.size() * w.size();
        if (nodes > LookupTable.MAX_NODES) {
            throw usage(String.format(
                    Locale.ROOT,
                    "the grid has %d × %d × %d = %,d nodes; at most %,d (a %d MB table). "
                            + "Coarsen a step or narrow a range.",
                    e.size(),
                    t.size(),
                    w.size(),
                    nodes,
                    LookupTable.MAX_NODES,
                    LookupTable.MAX_NODES * 8 / 1_000_000));
        }
        if (Tabulator.physicalCells(e, t, w) == 0) {
            throw usage("no cell of the grid lies wholly below ω = E (its corners' largest ω " + fmt(w.value(1))
                    + " GeV or more against E up to " + fmt(e.max())
                    + " GeV): the table could not interpolate anywhere. "
                    + "Start --omega lower or give higher energies, e.g. -E 0.2:2.0:0.1 --omega 0.01:1.0:0.01.");
        }
    }

    /** Nodes come from start + i·step; rounding to 12 significant digits makes 0.01:1.0:0.01 give exactly 0.03, not 0.030000000000000002. */
    private static double round12(double v) {
        return Double.isFinite(v) && v != 0
                ? new java.math.BigDecimal(v)
                        .round(new java.math.MathContext(12))
                        .doubleValue()
                : v;
    }

    private static String fmt(double v) {
        return Double.isFinite(v)
                ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
                : Double.toString(v);
    }

    private static XsdnnException usage(String message) {
        return new XsdnnException(ExitCodes.USAGE, message, null);
    }
}
