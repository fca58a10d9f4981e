package org.xsdnn.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;

/**
 * Which model produced a result (a table, a report): enough to tell two models apart and to find the files again.
 *
 * @param name the card's name; for a NuWro directory, the directory's name
 * @param layout {@code xsdnn} or {@code nuwro}
 * @param cardSha256 SHA-256 of {@value ModelCard#FILE_NAME}; null for the NuWro layout, which has none
 * @param memberSha256 member file name → SHA-256, in ensemble order (none for model B, whose card lists none)
 */
public record ModelIdentity(String name, String layout, String cardSha256, Map<String, String> memberSha256) {
    public ModelIdentity {
        memberSha256 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(memberSha256));
    }

    static ModelIdentity of(Path dir, ModelDirectory resolved) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        if (resolved.card().isPresent()) {
            ModelCard card = resolved.card().get();
            card.members().forEach(m -> sums.put(m.file(), m.sha256()));
            return new ModelIdentity(card.name(), "xsdnn", Sha256Sums.hexOf(dir.resolve(ModelCard.FILE_NAME)), sums);
        }
        for (Path f : resolved.memberFiles()) {
            sums.put(f.getFileName().toString(), Sha256Sums.hexOf(f));
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new ModelIdentity(name == null ? dir.toString() : name.toString(), "nuwro", null, sums);
    }
}
