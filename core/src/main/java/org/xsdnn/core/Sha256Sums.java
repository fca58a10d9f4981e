package org.xsdnn.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SHA-256 checksums and the {@code SHA256SUMS} file of a model directory, in the format of GNU
 * {@code sha256sum} ({@code <hex>  <name>} per line) so that {@code sha256sum -c SHA256SUMS} checks it.
 */
public final class Sha256Sums {
    /** Name of the checksum file inside a model directory. */
    public static final String FILE_NAME = "SHA256SUMS";

    private Sha256Sums() {}

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String hexOf(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** One {@code <hex>  <name>} line per entry, in the map's order. */
    public static String format(Map<String, String> hexByFileName) {
        StringBuilder text = new StringBuilder();
        hexByFileName.forEach(
                (name, hex) -> text.append(hex).append("  ").append(name).append('\n'));
        return text.toString();
    }

    /**
     * Parses {@code SHA256SUMS} text into file name → lower-case hex, in file order. Accepts the binary
     * marker {@code *} that {@code sha256sum -b} writes before the name.
     *
     * @throws IllegalArgumentException naming the line that is not {@code <64 hex digits>  <name>}
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> sums = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(
                        FILE_NAME + ":" + (i + 1) + ": \"" + line + "\"; expected <64 hex digits>  <file name>");
            }
            sums.put(parts[1], parts[0].toLowerCase(Locale.ROOT));
        }
        return sums;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
