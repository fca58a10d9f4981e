package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model we ship under onnx-models/ opens (checksums, contract) and reproduces its golden
 * vectors, the same file the C++ and Python front ends check.
 */
class ShippedModelsTest {
    static Stream<Path> shippedModels() throws Exception {
        Path root = Path.of(System.getProperty("xsdnn.root", ".")).resolve("onnx-models");
        List<Path> models;
        try (Stream<Path> dirs = Files.list(root)) {
            models = dirs.filter(d -> Files.exists(d.resolve("golden.csv")))
                    .sorted()
                    .toList();
        }
        assertFalse(models.isEmpty(), "no shipped model with golden.csv under " + root);
        return models.stream();
    }

    @ParameterizedTest
    @MethodSource("shippedModels")
    void reproducesItsGoldenVectors(Path model) throws Exception {
        List<String> lines = Files.readAllLines(model.resolve("golden.csv"));
        String[] header = lines.get(0).split(",");
        int n = lines.size() - 1;
        double[][] table = new double[n][];
        for (int i = 0; i < n; i++) {
            table[i] = Stream.of(lines.get(i + 1).split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
        }
        double[] e = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = table[i][0];
            theta[i] = table[i][1];
            omega[i] = table[i][2];
        }
        try (Ensemble ensemble = Ensemble.open(model, ScoringOptions.defaults())) {
            assertEquals(header.length - 5, ensemble.members(), "one golden column per member");
            // xsdnn layout has its card; the NuWro drop-in (carbon-a-nuwro) has none, by NuWro's contract
            assertEquals(
                    Files.exists(model.resolve("model-card.json")),
                    ensemble.card().isPresent());
            Prediction p = ensemble.score(e, theta, omega);
            for (int i = 0; i < n; i++) {
                assertEquals(table[i][3], p.mean()[i], 1e-6 * Math.abs(table[i][3]), model + " mean, row " + (i + 1));
                assertEquals(table[i][4], p.std()[i], 1e-6 * Math.abs(table[i][3]), model + " std, row " + (i + 1));
                for (int m = 0; m < ensemble.members(); m++) {
                    assertEquals(
                            table[i][5 + m],
                            p.perMember()[m][i],
                            1e-6 * Math.abs(table[i][5 + m]),
                            model + " member " + m);
                }
            }
        }
        Path fused = model.resolve("fused.onnx");
        if (Files.exists(fused)) {
            // float32 kinematics inputs and the deep tails (logit ~ -19, where float32 resolves r to ~2e-5): 1e-4
            try (FusedModel f = FusedModel.open(fused, ScoringOptions.defaults())) {
                Prediction p = f.score(e, theta, omega);
                for (int i = 0; i < n; i++) {
                    assertEquals(
                            table[i][3], p.mean()[i], 1e-4 * Math.abs(table[i][3]), fused + " mean, row " + (i + 1));
                    assertEquals(table[i][4], p.std()[i], 1e-4 * Math.abs(table[i][3]), fused + " std, row " + (i + 1));
                }
            }
        }
    }
}
