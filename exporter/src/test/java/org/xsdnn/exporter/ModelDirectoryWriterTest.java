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

        assertEquals(
                List.of("member-00.onnx", "member-01.onnx", "member-02.onnx", "model-card.json"),
                List.copyOf(Sha256Sums.parse(Files.readString(dir.resolve(Sha256Sums.FILE_NAME)))
                        .keySet()));
        for (ModelCard.Member m : written.members()) {
            assertEquals(Sha256Sums.hexOf(dir.resolve(m.file())), m.sha256());
            assertTrue(
                    Files.readString(dir.resolve(Sha256Sums.FILE_NAME)).contains(m.sha256() + "  " + m.file() + "\n"));
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

        ExportVerificationException e =
                assertThrows(ExportVerificationException.class, () -> write(dir, networks(2, 300), true));
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
        assertNotEquals(
                new String(before, StandardCharsets.UTF_8), Files.readString(dir.resolve(Sha256Sums.FILE_NAME)));
        try (Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(1, ensemble.members());
        }
        assertEquals(List.of(dir), siblings());
    }

    @Test
    void int16StorageHalvesTheFilesAndChangesRByLessThanTheLimit() throws Exception {
        List<NetworkWeights> nets =
                List.of(RandomNetworks.network(700, 8, 64, 64), RandomNetworks.network(701, 8, 64, 64));
        float[] x = RandomNetworks.features(7, POINTS);
        List<double[]> expected = nets.stream().map(n -> n.forward(x, POINTS)).toList();
        Path full = tmp.resolve("f32");
        Path half = tmp.resolve("i16");
        ModelDirectoryWriter.write(full, TestCards.card(2), nets, x, POINTS, expected);
        List<StoredNetwork> stored =
                nets.stream().map(n -> WeightStorage.INT16.store(n, x, POINTS)).toList();
        ModelCard written = ModelDirectoryWriter.writeStored(half, TestCards.card(2), stored, x, POINTS, expected);
        long fullBytes = Files.size(full.resolve("member-00.onnx"));
        long halfBytes = Files.size(half.resolve("member-00.onnx"));
        long codes = 64L * 64 + 8L * 64; // the kernels of hidden layers 1 and 2
        assertTrue(
                fullBytes - halfBytes >= 1.7 * codes,
                halfBytes + " bytes against " + fullBytes + " for " + codes + " codes");
        double change = written.metrics().get(ModelDirectoryWriter.INT16_CHANGE_METRIC);
        assertTrue(change > 0 && change <= WeightStorage.MAX_RELATIVE_CHANGE, "change " + change);
        assertEquals(4.0, written.metrics().get("weights-int16-layers"));
        try (Ensemble ensemble = Ensemble.open(half, ScoringOptions.defaults())) {
            Prediction p = ensemble.score(E, THETA, OMEGA);
            float[] points = Kinematics.featureMatrix(E, THETA, OMEGA);
            for (int m = 0; m < nets.size(); m++) {
                double[] r = nets.get(m).forward(points, E.length);
                for (int i = 0; i < E.length; i++) {
                    double sigma = Kinematics.sigmaNbPerSrGeV(r[i], E[i], THETA[i], 12);
                    assertEquals(sigma, p.perMember()[m][i], 1e-3 * sigma, "int16 member " + m + ", point " + i);
                }
            }
        }
    }

    @Test
    void aLayerWhoseInt16RoundingChangesRTooMuchStaysFloat32() {
        // Unit 0 of layer 0 never fires, so a huge weight on it in every column of layer 1 changes nothing in
        // float32 but sets that column's int16 scale: every other weight then keeps only a few bits.
        NetworkWeights net = RandomNetworks.network(800, 8, 32, 32);
        NetworkWeights.Layer l0 = net.hidden().get(0);
        NetworkWeights.BatchNorm bn = l0.batchNorm();
        float[] beta = bn.beta().clone();
        beta[0] = -1e4f;
        NetworkWeights.Layer dead = new NetworkWeights.Layer(
                l0.inputs(),
                l0.outputs(),
                l0.weight(),
                l0.bias(),
                new NetworkWeights.BatchNorm(bn.gamma(), beta, bn.mean(), bn.variance(), bn.epsilon()));
        NetworkWeights.Layer l1 = net.hidden().get(1);
        float[] w = l1.weight().clone();
        for (int j = 0; j < l1.outputs(); j++) {
            w[j] = 5e4f;
        }
        List<NetworkWeights.Layer> hidden = new ArrayList<>(net.hidden());
        hidden.set(0, dead);
        hidden.set(1, new NetworkWeights.Layer(l1.inputs(), l1.outputs(), w, l1.bias(), l1.batchNorm()));
        NetworkWeights fragile = new NetworkWeights(hidden, net.output(), 0);
        float[] x = RandomNetworks.features(7, POINTS);
        StoredNetwork stored = WeightStorage.INT16.store(fragile, x, POINTS);
        assertEquals(null, stored.int16().get(1), "layer 1 kept as float32");
        assertTrue(stored.int16().get(2) != null, "layer 2 still int16");
        assertTrue(
                stored.maxRelativeChange() <= WeightStorage.MAX_RELATIVE_CHANGE,
                "change " + stored.maxRelativeChange());
        assertEquals(null, stored.int16().get(0), "the first layer is always float32");
    }

    @Test
    void mismatchedCountsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelDirectoryWriter.write(
                        tmp.resolve("x"),
                        TestCards.card(2),
                        networks(1, 600),
                        RandomNetworks.features(1, 1),
                        1,
                        List.of(new double[1])));
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
