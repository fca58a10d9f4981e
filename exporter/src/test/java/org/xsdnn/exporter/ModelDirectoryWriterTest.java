package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/** A written model directory reopens in the runtime with checksums; a failed write keeps the previous one. */
class ModelDirectoryWriterTest {
    private static final int POINTS = 50;
    private static final double[] E = {0.68, 1.5, 3.595};
    private static final double[] THETA = {36, 13.54, 16.02};
    private static final double[] OMEGA = {0.1, 0.2, 0.9};

    @TempDir
    Path tmp;

    @Test
    void writtenDirectoryReopensWithCardAndChecksums() throws Exception {
        List<NetworkWeights> nets = networks(3, 100);
        Path dir = tmp.resolve("carbon-a");
        ModelCard written = write(dir, nets, false);

        assertEquals(List.of("member-00.onnx", "member-01.onnx", "member-02.onnx", "model-card.json"),
                List.copyOf(Sha256Sums.parse(Files.readString(dir.resolve(Sha256Sums.FILE_NAME))).keySet()));
        for (ModelCard.Member m : written.members()) {
            assertEquals(Sha256Sums.hexOf(dir.resolve(m.file())), m.sha256());
            assertTrue(Files.readString(dir.resolve(Sha256Sums.FILE_NAME))
                    .contains(m.sha256() + "  " + m.file() + "\n"));
        }
        assertEquals(written, ModelCard.read(dir.resolve(ModelCard.FILE_NAME)));

        try (Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(3, ensemble.members());
            assertEquals(12, ensemble.massNumber());
            assertEquals(written, ensemble.card().orElseThrow());
            Prediction p = ensemble.score(E, THETA, OMEGA);
            float[] x = Kinematics.featureMatrix(E, THETA, OMEGA);
            for (int m = 0; m < nets.size(); m++) {
                double[] r = nets.get(m).forward(x, E.length);
                for (int i = 0; i < E.length; i++) {
                    double sigma = Kinematics.sigmaNbPerSrGeV(r[i], E[i], THETA[i], 12);
                    assertEquals(sigma, p.perMember()[m][i], 1e-5 * sigma);
                }
            }
        }
        assertEquals(List.of(dir), siblings());
    }

    @Test
    void failedVerificationLeavesPreviousDirectoryIntact() throws Exception {
        Path dir = tmp.resolve("carbon-a");
        write(dir, networks(2, 200), false);
        byte[] sumsBefore = Files.readAllBytes(dir.resolve(Sha256Sums.FILE_NAME));

        ExportVerificationException e = assertThrows(ExportVerificationException.class,
                () -> write(dir, networks(2, 300), true));
        assertTrue(e.getMessage().startsWith("member-01.onnx: "), e.getMessage());

        assertArrayEquals(sumsBefore, Files.readAllBytes(dir.resolve(Sha256Sums.FILE_NAME)));
        try (Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(2, ensemble.members());
        }
        assertEquals(List.of(dir), siblings());
    }

    @Test
    void successfulWriteReplacesPreviousDirectory() throws Exception {
        Path dir = tmp.resolve("carbon-a");
        write(dir, networks(2, 400), false);
        byte[] before = Files.readAllBytes(dir.resolve(Sha256Sums.FILE_NAME));
        write(dir, networks(1, 500), false);
        assertNotEquals(new String(before, StandardCharsets.UTF_8), Files.readString(dir.resolve(Sha256Sums.FILE_NAME)));
        try (Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(1, ensemble.members());
        }
        assertEquals(List.of(dir), siblings());
    }

    @Test
    void float16StorageHalvesTheFilesAndChangesRByLessThanTheLimit() throws Exception {
        List<NetworkWeights> nets = List.of(RandomNetworks.network(700, 64, 64), RandomNetworks.network(701, 64, 64));
        float[] x = RandomNetworks.features(7, POINTS);
        List<double[]> expected = nets.stream().map(n -> n.forward(x, POINTS)).toList();
        Path full = tmp.resolve("f32");
        Path half = tmp.resolve("f16");
        ModelDirectoryWriter.write(full, TestCards.card(2), nets, x, POINTS, expected, WeightStorage.FLOAT32);
        ModelCard written = ModelDirectoryWriter.write(half, TestCards.card(2), nets, x, POINTS, expected, WeightStorage.FLOAT16);
        long fullBytes = Files.size(full.resolve("member-00.onnx"));
        long halfBytes = Files.size(half.resolve("member-00.onnx"));
        long values = nets.get(0).parameterCount() - 2L * 64 * 2; // γ and β are folded away
        assertTrue(fullBytes - halfBytes >= 1.9 * values, halfBytes + " bytes against " + fullBytes + " for " + values + " values");
        double change = written.metrics().get("weights-float16-max-relative-change-of-r");
        assertTrue(change > 0 && change < WeightStorage.MAX_FLOAT16_RELATIVE_CHANGE, "change " + change);
        try (Ensemble ensemble = Ensemble.open(half, ScoringOptions.defaults())) {
            Prediction p = ensemble.score(E, THETA, OMEGA);
            float[] points = Kinematics.featureMatrix(E, THETA, OMEGA);
            for (int m = 0; m < nets.size(); m++) {
                double[] r = nets.get(m).forward(points, E.length);
                for (int i = 0; i < E.length; i++) {
                    double sigma = Kinematics.sigmaNbPerSrGeV(r[i], E[i], THETA[i], 12);
                    assertEquals(sigma, p.perMember()[m][i], 1e-3 * sigma, "float16 member " + m + ", point " + i);
                }
            }
        }
    }

    @Test
    void float16StorageIsRefusedWhenRoundingChangesRTooMuch() throws Exception {
        // A first layer of huge weights feeding almost cancelling pairs: rounding each to 11 bits moves the sum a lot.
        NetworkWeights net = RandomNetworks.network(800, 16);
        float[] w = net.hidden().get(0).weight().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] * 3000f + 0.37f;
        }
        NetworkWeights.Layer first = net.hidden().get(0);
        NetworkWeights fragile = new NetworkWeights(List.of(new NetworkWeights.Layer(first.inputs(), first.outputs(), w,
                first.bias(), first.batchNorm())), net.output(), 0);
        float[] x = RandomNetworks.features(7, POINTS);
        ExportVerificationException e = assertThrows(ExportVerificationException.class,
                () -> ModelDirectoryWriter.write(tmp.resolve("f16"), TestCards.card(1), List.of(fragile), x, POINTS,
                        List.of(fragile.forward(x, POINTS)), WeightStorage.FLOAT16));
        assertTrue(e.getMessage().contains("FLOAT16 weights change r by more than 0.001"), e.getMessage());
        assertEquals(List.of(), siblings(), "nothing written");
    }

    @Test
    void mismatchedCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModelDirectoryWriter.write(tmp.resolve("x"),
                TestCards.card(2), networks(1, 600), RandomNetworks.features(1, 1), 1, List.of(new double[1])));
    }

    /** Writes nets with the test card; with {@code perturbLast}, the last member's expected r is wrong. */
    private static ModelCard write(Path dir, List<NetworkWeights> nets, boolean perturbLast) throws Exception {
        float[] x = RandomNetworks.features(7, POINTS);
        List<double[]> expected = new ArrayList<>();
        for (NetworkWeights net : nets) {
            expected.add(net.forward(x, POINTS));
        }
        if (perturbLast) {
            expected.get(expected.size() - 1)[0] *= 1.01;
        }
        return ModelDirectoryWriter.write(dir, TestCards.card(nets.size()), nets, x, POINTS, expected);
    }

    private static List<NetworkWeights> networks(int count, long seed) {
        List<NetworkWeights> nets = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            nets.add(RandomNetworks.network(seed + m, 16, 16));
        }
        return nets;
    }

    private List<Path> siblings() throws Exception {
        try (var listing = Files.list(tmp)) {
            return listing.toList();
        }
    }
}
