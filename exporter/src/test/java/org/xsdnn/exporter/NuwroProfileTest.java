package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/**
 * Files in NuWro's layout are read by the runtime through the same code path as the published third-party
 * files, give the same σ as the xsdnn layout, and have exactly the third-party files' tensor contract.
 */
class NuwroProfileTest {
    @TempDir
    Path tmp;

    @Test
    void runtimeReadsNuwroLayoutAndGivesTheSameSigmaAsXsdnnLayout() throws Exception {
        List<NetworkWeights> nets =
                FusedEnsembleTest.networks(3, 1000, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        Path nuwro = tmp.resolve("C12");
        List<Path> files = NuwroProfile.write(nets, "xs", 12, nuwro);
        assertEquals(
                List.of("model_electron_xs_12_0.onnx", "model_electron_xs_12_1.onnx", "model_electron_xs_12_2.onnx"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        try (var listing = Files.list(nuwro)) {
            assertEquals(
                    List.of(
                            "SHA256SUMS",
                            "model_electron_xs_12_0.onnx",
                            "model_electron_xs_12_1.onnx",
                            "model_electron_xs_12_2.onnx"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the members and their checksums, no staged or temporary files");
        }
        Path xsdnn = tmp.resolve("carbon-a");
        VerificationPoints grid = VerificationPoints.carbonGrid();
        List<double[]> expected = new ArrayList<>();
        for (NetworkWeights net : nets) {
            expected.add(net.forward(grid.features(), grid.size()));
        }
        ModelDirectoryWriter.write(xsdnn, TestCards.card(3), nets, grid.features(), grid.size(), expected);

        VerificationPoints pts = CarbonPoints.every(10);
        try (Ensemble a = Ensemble.open(nuwro, ScoringOptions.defaults());
                Ensemble b = Ensemble.open(xsdnn, ScoringOptions.defaults())) {
            assertTrue(a.card().isEmpty(), "read as a NuWro directory, without a card");
            assertEquals(3, a.members());
            assertEquals(12, a.massNumber());
            Prediction pa = a.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
            Prediction pb = b.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
            // Same graph but for the output name: identical numbers.
            assertArrayEquals(pb.mean(), pa.mean());
            assertArrayEquals(pb.std(), pa.std());
            for (int m = 0; m < 3; m++) {
                assertArrayEquals(pb.perMember()[m], pa.perMember()[m]);
            }
            double worst = 0;
            float[] x = pts.features();
            for (int m = 0; m < 3; m++) {
                double[] r = nets.get(m).forward(x, pts.size());
                double[] got = a.memberR(m, x, pts.size());
                for (int i = 0; i < pts.size(); i++) {
                    worst = Math.max(worst, Math.abs(got[i] - r[i]) / r[i]);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "NuWro profile, 3 members of 10x300, %d carbon points: max relative "
                            + "difference of r from the double forward pass %.3g%n",
                    pts.size(),
                    worst);
            assertTrue(worst < 1e-5);
        }
    }

    @Test
    void tensorContractEqualsThePublishedNuwroFile() throws Exception {
        Path ours = NuwroProfile.write(List.of(RandomNetworks.network(1, 8, 8)), "A", 12, tmp.resolve("C12"))
                .get(0);
        Path theirs = CarbonPoints.shared().resolve("reference-models/nuwro-pr53/model_electron_A_12_0.onnx");
        assertEquals("model_electron_A_12_0.onnx", ours.getFileName().toString());
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession a = OrtEnvironment.getEnvironment().createSession(ours.toString(), options);
                OrtSession b = OrtEnvironment.getEnvironment().createSession(theirs.toString(), options)) {
            assertSameTensors(b.getInputInfo(), a.getInputInfo());
            assertSameTensors(b.getOutputInfo(), a.getOutputInfo());
            assertEquals(List.of("input"), List.copyOf(a.getInputInfo().keySet()));
            assertEquals(List.of("Identity:0"), List.copyOf(a.getOutputInfo().keySet()));
            Map<String, String> metadata = a.getMetadata().getCustomMetadata();
            assertEquals(NuwroProfile.CONTRACT_ID, metadata.get(MetadataKeys.CONTRACT));
            assertEquals("12", metadata.get(MetadataKeys.TARGET_A));
            assertEquals("0", metadata.get(MetadataKeys.MEMBER_INDEX));
        }
    }

    @Test
    void otherNucleiAndTagsGoIntoTheName() throws Exception {
        Path dir = tmp.resolve("O16");
        NuwroProfile.write(FusedEnsembleTest.networks(2, 1100, 8), "B-2", 16, Map.of("xsdnn.card", "{}"), dir);
        try (Ensemble e = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(16, e.massNumber());
            assertEquals(2, e.members());
        }
        assertTrue(Files.exists(dir.resolve("model_electron_B-2_16_1.onnx")));
    }

    @Test
    void refusesDirectoriesThatNuwroWouldReadTogetherWithOtherFiles() throws Exception {
        Path dir = tmp.resolve("C12");
        NuwroProfile.write(FusedEnsembleTest.networks(3, 1200, 8), "A", 12, dir);
        IOException e = assertThrows(
                IOException.class, () -> NuwroProfile.write(FusedEnsembleTest.networks(2, 1300, 8), "A", 12, dir));
        assertTrue(e.getMessage().contains("[model_electron_A_12_2.onnx]"), e.getMessage());
        // Rewriting the same member count replaces the files in place.
        NuwroProfile.write(FusedEnsembleTest.networks(3, 1400, 8), "A", 12, dir);
        assertThrows(
                IllegalArgumentException.class,
                () -> NuwroProfile.write(FusedEnsembleTest.networks(1, 1, 8), "a_b", 12, tmp.resolve("x")));
        assertThrows(IllegalArgumentException.class, () -> NuwroProfile.write(List.of(), "A", 12, tmp.resolve("y")));
    }

    private static void assertSameTensors(Map<String, NodeInfo> expected, Map<String, NodeInfo> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        for (String name : expected.keySet()) {
            TensorInfo e = (TensorInfo) expected.get(name).getInfo();
            TensorInfo a = (TensorInfo) actual.get(name).getInfo();
            assertEquals(e.onnxType, a.onnxType, name);
            assertArrayEquals(e.getShape(), a.getShape(), name);
        }
    }
}
