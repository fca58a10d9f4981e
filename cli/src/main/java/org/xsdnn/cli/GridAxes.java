package org.xsdnn.cli;

import java.util.List;
import java.util.Locale;
import org.xsdnn.runtime.table.LookupTable;
import org.xsdnn.runtime.table.TableAxis;
import org.xsdnn.runtime.table.TableHeader;
import org.xsdnn.runtime.table.Tabulator;
import picocli.CommandLine.Option;

/**
 * The axes of xsdnn tabulate (a mixin: -E, --theta, --omega). Each option is parsed once, by its {@link GridAxis}
 * converter, into the axis's nodes and the text the table header keeps; the checks that need all three axes at once
 * (no cell below ω = E, too many nodes) are here, in {@link #axes()}.
 */
final class GridAxes {
    @Option(
            names = {"-E", "--energy"},
            required = true,
            paramLabel = "<GeV>",
            converter = GridAxis.Energy.class,
            description = "Beam energies E in GeV, e.g. 0.2:2.0:0.1.")
    GridAxis energy;

    @Option(
            names = "--theta",
            required = true,
            paramLabel = "<deg>",
            converter = GridAxis.Theta.class,
            description = "Scattering angles θ in degrees, e.g. 10:90:5.")
    GridAxis theta;

    @Option(
            names = "--omega",
            required = true,
            paramLabel = "<GeV>",
            converter = GridAxis.Omega.class,
            description = "Energy transfers ω in GeV, e.g. 0.01:1.0:0.01.")
    GridAxis omega;

    /** E, θ and ω, checked together (each was checked alone when parsed). */
    List<TableAxis> axes() throws XsdnnException {
        check(energy.axis(), theta.axis(), omega.axis());
        return List.of(energy.axis(), theta.axis(), omega.axis());
    }

    /** The axes as the table header records them, each with the text it was given as. */
    List<TableHeader.Axis> headerAxes() {
        return List.of(energy.header(), theta.header(), omega.header());
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
            throw usage(
                    "no cell of the grid lies wholly below ω = E (its corners' largest ω " + GridAxis.fmt(w.value(1))
                            + " GeV or more against E up to " + GridAxis.fmt(e.max())
                            + " GeV): the table could not interpolate anywhere. "
                            + "Start --omega lower or give higher energies, e.g. -E 0.2:2.0:0.1 --omega 0.01:1.0:0.01.");
        }
    }

    private static XsdnnException usage(String message) {
        return new XsdnnException(ExitCodes.USAGE, message, null);
    }
}
