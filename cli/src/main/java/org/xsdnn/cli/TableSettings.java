package org.xsdnn.cli;

import picocli.CommandLine.Option;

/** How xsdnn tabulate computes a table (a mixin): batch size, error sample, threads, progress interval. */
final class TableSettings {
    @Option(
            names = "--batch",
            paramLabel = "<n>",
            defaultValue = "65536",
            description = "Points per ONNX Runtime call. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(
            names = "--error-cells",
            paramLabel = "<n>",
            defaultValue = "4096",
            description =
                    "Cells whose midpoints estimate the interpolation error (all when fewer), at least 1000. Default: ${DEFAULT-VALUE}.")
    int errorCells;

    @Option(
            names = "--seed",
            paramLabel = "<n>",
            defaultValue = "1",
            description = "Seed of the sample of cells. Default: ${DEFAULT-VALUE}.")
    long seed;

    @picocli.CommandLine.Mixin
    ScoringThreads threads;

    @Option(
            names = "--progress",
            paramLabel = "<s>",
            defaultValue = "5",
            description =
                    "Seconds between progress lines on stderr (big tables only print them). Default: ${DEFAULT-VALUE}.")
    double progressSeconds;

    /** Each setting's usage error names its option, what was given and what works. */
    void check() throws XsdnnException {
        if (batch < 1) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    "--batch " + batch + ": expected at least 1 point per call, e.g. --batch 65536.",
                    null);
        }
        if (errorCells < 1000) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    "--error-cells " + errorCells
                            + ": expected at least 1000 so that the median and maximum mean something "
                            + "(all cells are used when the grid has fewer).",
                    null);
        }
        if (threads.count < 1) {
            throw new XsdnnException(ExitCodes.USAGE, "--threads " + threads.count + ": expected at least 1.", null);
        }
        if (!(progressSeconds >= 0)) {
            throw new XsdnnException(
                    ExitCodes.USAGE,
                    "--progress " + progressSeconds + ": expected seconds ≥ 0, e.g. --progress 5.",
                    null);
        }
    }
}
