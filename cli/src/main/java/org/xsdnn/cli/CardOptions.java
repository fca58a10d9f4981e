package org.xsdnn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What a written model directory's card is called and says about itself; shared by export and assemble. */
final class CardOptions {
    @Option(
            names = "--name",
            paramLabel = "<name>",
            description = "Model name in the card. Default: the output directory's name.")
    String name;

    @Option(
            names = "--notes",
            paramLabel = "<text>",
            description = "Free text for the model card (how it was trained, caveats).")
    String notes;

    String name(Path out) {
        return name != null
                ? name
                : out.toAbsolutePath().normalize().getFileName().toString();
    }

    String notes() {
        return notes == null ? "" : notes;
    }
}
