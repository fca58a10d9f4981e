package org.xsdnn.runtime.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One stem names both table files; either file's name works as the stem. */
class TableFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aStemWithEitherExtensionNamesTheSamePair() throws Exception {
        TableFiles files = TableFiles.of(tmp.resolve("x.xsdt"));
        assertEquals(tmp.resolve("x.xsdt").toAbsolutePath(), files.binary());
        assertEquals(tmp.resolve("x.csv").toAbsolutePath(), files.csv());
        assertEquals(files, TableFiles.of(tmp.resolve("x.csv")));
        assertEquals(files, TableFiles.of(tmp.resolve("x")));
    }

    @Test
    void aDirectoryOrAMissingParentIsRefused() {
        IllegalArgumentException dir = assertThrows(IllegalArgumentException.class, () -> TableFiles.of(tmp));
        assertTrue(dir.getMessage().startsWith(tmp + " is a directory; give a file stem"), dir::getMessage);
        assertThrows(IllegalArgumentException.class, () -> TableFiles.of(tmp.resolve(".csv")));
        NoSuchFileException missing =
                assertThrows(NoSuchFileException.class, () -> TableFiles.of(tmp.resolve("no/table")));
        assertEquals(tmp.resolve("no").toAbsolutePath().toString(), missing.getFile());
    }
}
