package org.xsdnn.cli;

import picocli.CommandLine.Option;

/** {@code --threads} (a mixin), declared once for the commands that score. */
final class ScoringThreads {
    @Option(
            names = "--threads",
            paramLabel = "<n>",
            defaultValue = "1",
            description = "ONNX Runtime intra-op threads per member. Default: ${DEFAULT-VALUE}.")
    int count;
}
