package org.xsdnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.xsdnn.runtime.table.TableFiles;
import picocli.CommandLine.Option;

/** Where xsdnn tabulate writes (a mixin: --out), and how it names what it wrote. */
final class TableOutput {
    @Option(
            names = "--out",
            required = true,
            paramLabel = "<stem>",
            description =
                    "Output stem: writes <stem>.csv and <stem>.xsdt (each atomically). A trailing .csv or .xsdt is dropped.")
    Path stem;

    /** The table's files; the messages name --out, the option they come from. */
    TableFiles files() throws XsdnnException {
        try {
            return TableFiles.of(stem);
        } catch (IllegalArgumentException e) {
            throw new XsdnnException(ExitCodes.USAGE, "--out " + e.getMessage(), null);
        } catch (NoSuchFileException e) {
            throw new XsdnnException(
                    ExitCodes.IO,
                    "--out " + stem + ": directory " + e.getFile() + " does not exist; create it first.",
                    e);
        }
    }

    /** "file (1.2 MB)". */
    static String describe(Path file) throws IOException {
        long bytes = Files.size(file);
        String size = bytes >= 1_000_000
                ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        return file + " (" + size + ")";
    }
}
