package org.xsdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed write either replaces the whole file or leaves the old one, and never leaves its temporary file. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aStreamedBodyReplacesTheFile() throws IOException {
        Path file = tmp.resolve("table.csv");
        Files.writeString(file, "old\n");
        AtomicFiles.write(file, out -> {
            for (int i = 0; i < 3; i++) {
                out.write(("row " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        assertEquals(List.of("row 0", "row 1", "row 2"), Files.readAllLines(file));
    }

    @Test
    void aFailingBodyLeavesTheOldFileAndNoLitter() throws IOException {
        Path file = tmp.resolve("table.csv");
        Files.writeString(file, "old\n");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(file, out -> {
                    out.write("half a ".getBytes(StandardCharsets.UTF_8));
                    throw new IllegalStateException("scoring failed");
                }));
        assertEquals("scoring failed", e.getMessage());
        assertEquals("old\n", Files.readString(file));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(file), left.toList());
        }
    }
}
