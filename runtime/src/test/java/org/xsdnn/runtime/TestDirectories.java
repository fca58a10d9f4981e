package org.xsdnn.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;

/** Model directories for tests: the shared NuWro reference files and small xsdnn-layout directories. */
final class TestDirectories {
    private TestDirectories() {}

    /** The third-party NuWro reference directory ({@code xsdnn.shared} property, default /work/shared). */
    static Path nuwro() {
        return Path.of(System.getProperty("xsdnn.shared", "/work/shared"), "reference-models", "nuwro-pr53");
    }

    /** Writes an xsdnn-layout directory: the given member files, a card naming them, SHA256SUMS over all. */
    static Path xsdnn(Path dir, Map<String, byte[]> memberFiles) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> sums = new LinkedHashMap<>();
        List<ModelCard.Member> members = new ArrayList<>();
        long seed = 1;
        for (Map.Entry<String, byte[]> e : memberFiles.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.write(file, e.getValue());
            sums.put(e.getKey(), Sha256Sums.hexOf(file));
            members.add(new ModelCard.Member(e.getKey(), sums.get(e.getKey()), seed++, Map.of("Barr1983", 1.01), 0.9));
        }
        ModelCard card = new ModelCard(
                "tiny",
                "0.1.0",
                "2025-01-01T00:00:00Z",
                new ModelCard.Target("C", 6, 12),
                ModelCard.Contract.xsdnn1(),
                members,
                Map.of("epochs", 1),
                null,
                Map.of(),
                null,
                "test");
        card.write(dir.resolve(ModelCard.FILE_NAME));
        sums.put(ModelCard.FILE_NAME, Sha256Sums.hexOf(dir.resolve(ModelCard.FILE_NAME)));
        Files.writeString(dir.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums), StandardCharsets.UTF_8);
        return dir;
    }
}
