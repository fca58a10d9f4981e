package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.Sha256Sums;

/**
 * The shipped model B (onnx-models/carbon-b: a card without members and one mc-dropout.onnx) opens as an ensemble
 * whose members are its 50 dropout passes; without its file, or with a damaged one, it is refused.
 */
class ModelBDirectoryTest {
    private static final Path CARBON_B =
            Path.of(System.getProperty("xsdnn.root", "..")).resolve("onnx-models/carbon-b");

    @Test
    void opensAndScoresThroughItsDropoutFile() throws Exception {
        try (Ensemble model = Ensemble.open(CARBON_B, ScoringOptions.defaults())) {
            assertEquals(50, model.members());
            assertTrue(model.card().orElseThrow().members().isEmpty());
            Prediction p = model.score(new double[] {0.68, 0.68}, new double[] {36, 36}, new double[] {0.1, 0.2});
            assertEquals(50, p.perMember().length);
            for (int i = 0; i < 2; i++) {
                double sum = 0;
                for (double[] pass : p.perMember()) {
                    sum += pass[i];
                }
                assertEquals(sum / 50, p.mean()[i], 1e-5 * p.mean()[i], "the mean is the passes' mean");
                assertTrue(p.std()[i] > 0.01 * p.mean()[i], "dropout passes differ");
            }
            assertThrows(IllegalStateException.class, () -> model.memberR(0, new float[5], 1));
        }
    }

    @Test
    void withoutItsDropoutFileItIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = copyWithout(tmp, "mc-dropout.onnx");
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(copy, ScoringOptions.defaults()));
        assertTrue(
                e.getMessage().contains("lists no members") && e.getMessage().contains("mc-dropout.onnx"),
                e.getMessage());
    }

    @Test
    void aDamagedDropoutFileIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = copyWithout(tmp, null);
        byte[] bytes = Files.readAllBytes(copy.resolve("mc-dropout.onnx"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy.resolve("mc-dropout.onnx"), bytes);
        ContractException e =
                assertThrows(ContractException.class, () -> Ensemble.open(copy, ScoringOptions.defaults()));
        assertTrue(e.getMessage().startsWith("mc-dropout.onnx: SHA-256"), e.getMessage());
    }

    /** A copy of carbon-b without {@code left} (also left out of its SHA256SUMS); null copies everything. */
    private static Path copyWithout(Path tmp, String left) throws Exception {
        Path copy = tmp.resolve("carbon-b");
        Files.createDirectories(copy);
        Map<String, String> sums = new TreeMap<>();
        try (var files = Files.list(CARBON_B)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.equals(left) || name.equals(Sha256Sums.FILE_NAME)) {
                    continue;
                }
                Files.copy(f, copy.resolve(name));
                sums.put(name, Sha256Sums.hexOf(f));
            }
        }
        Files.writeString(copy.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums), StandardCharsets.UTF_8);
        return copy;
    }
}
