package org.xsdnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xsdnn.runtime.points.CsvPoints;
import org.xsdnn.runtime.points.GridPoints;
import org.xsdnn.runtime.points.PointFormatException;
import org.xsdnn.runtime.points.PointSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The points xsdnn score scores: a grid (-E, --theta, --omega) or a CSV file (--input), exactly one. */
final class PointOptions {
    /** Printed under picocli's message when points are missing or incomplete. */
    static final String EXAMPLE = "Give the points as a grid, e.g. -E 0.68 --theta 36 --omega 0.01:0.6:0.005,"
            + " or as a CSV file: --input points.csv (columns " + CsvPoints.HEADER + ").";

    @ArgGroup(exclusive = false)
    Grid grid;

    @Option(
            names = "--input",
            paramLabel = "<csv>",
            required = true,
            description = "CSV file of points with header " + CsvPoints.HEADER + ".")
    Path input;

    PointSource open() throws IOException, PointFormatException, XsdnnException {
        if (input == null) {
            return new GridPoints(grid.energy.values(), grid.theta.values(), grid.omega.values(), ScoreCommand.CHUNK);
        }
        if (Files.isDirectory(input)) {
            throw new XsdnnException(
                    ExitCodes.IO, "cannot read --input " + input + ": is a directory; expected a CSV file", null);
        }
        try {
            return CsvPoints.open(input, ScoreCommand.CHUNK);
        } catch (IOException e) {
            throw new XsdnnException(ExitCodes.IO, "cannot read --input " + IoMessages.describe(input, e), e);
        }
    }

    /** A grid: every combination of the three lists. */
    static final class Grid {
        @Option(
                names = {"-E", "--energy"},
                paramLabel = "<GeV>",
                required = true,
                converter = ValueList.Converter.class,
                description = "Beam energy E in GeV.")
        ValueList energy;

        @Option(
                names = "--theta",
                paramLabel = "<deg>",
                required = true,
                converter = ValueList.Converter.class,
                description = "Scattering angle θ in degrees.")
        ValueList theta;

        @Option(
                names = "--omega",
                paramLabel = "<GeV>",
                required = true,
                converter = ValueList.Converter.class,
                description = "Energy transfer ω in GeV.")
        ValueList omega;
    }
}
