package org.xsdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHA256SUMS in the format of GNU sha256sum. */
class Sha256SumsTest {
    @TempDir
    Path tmp;

    @Test
    void hashesLikeSha256sum() throws IOException {
        Path file = tmp.resolve("abc.txt");
        Files.writeString(file, "abc");
        // FIPS 180-2 test vector for "abc".
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256Sums.hexOf(file));
    }

    @Test
    void formatsAndParsesInOrder() {
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put("member-01.onnx", "a".repeat(64));
        sums.put("member-00.onnx", "b".repeat(64));
        String text = Sha256Sums.format(sums);
        assertEquals("a".repeat(64) + "  member-01.onnx\n" + "b".repeat(64) + "  member-00.onnx\n", text);
        assertEquals(sums, Sha256Sums.parse(text));
        assertEquals(Map.of("x.onnx", "c".repeat(64)), Sha256Sums.parse("C".repeat(64) + " *x.onnx\n\n"));
    }

    @Test
    void rejectsMalformedLinesNamingThem() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Sha256Sums.parse("a".repeat(64) + "  ok.onnx\nnot-a-hash  x.onnx\n"));
        assertEquals("SHA256SUMS:2: \"not-a-hash  x.onnx\"; expected <64 hex digits>  <file name>", e.getMessage());
    }
}
