package org.xsdnn.runtime.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The two files one table is written to, side by side: {@code <stem>.xsdt} (binary, for generators) and
 * {@code <stem>.csv} (the same numbers as text). One stem names both, so the pair can never drift apart; a
 * trailing {@code .xsdt} or {@code .csv} on the stem is dropped, since users type either file's name.
 *
 * @param binary the {@value LookupTable#EXTENSION} file
 * @param csv the CSV file
 */
public record TableFiles(Path binary, Path csv) {
    /**
     * The files for {@code stem}, as absolute paths.
     *
     * @throws IllegalArgumentException when the stem is a directory or has no name left once the extension is
     *     dropped; the message starts with the stem
     * @throws NoSuchFileException naming the stem's directory, when it does not exist
     */
    public static TableFiles of(Path stem) throws NoSuchFileException {
        if (Files.isDirectory(stem)) {
            throw new IllegalArgumentException(stem + " is a directory; give a file stem such as "
                    + stem.resolve("table") + " (writes table.csv and table.xsdt there).");
        }
        String name = stem.getFileName().toString().replaceFirst("\\.(xsdt|csv)$", "");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(stem + ": expected a file stem such as tables/carbon.");
        }
        Path parent = stem.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new NoSuchFileException(parent.toString(), null, "directory does not exist");
        }
        return new TableFiles(parent.resolve(name + LookupTable.EXTENSION), parent.resolve(name + ".csv"));
    }

    /** Writes both files, each atomically: the binary table first, then its CSV. */
    public void write(LookupTable table) throws IOException {
        table.write(binary);
        table.writeCsv(csv);
    }
}
