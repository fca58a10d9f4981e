package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.onnx.NodeProto;
import org.xsdnn.onnx.TensorProto;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedContract;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/**
 * The fused file agrees with the member-by-member xsdnn ensemble (member files scored by {@link Ensemble#score})
 * on the kinematics of the real carbon data, and meets its contract.
 */
class FusedEnsembleTest {
    private static final double MEAN_TOL = 1e-5;
    private static final double STD_TOL = 1e-4;

    @TempDir
    Path tmp;

    @Test
    void smallRandomNetworksAgreeWithMemberByMemberOnAllCarbonPoints() throws Exception {
        List<NetworkWeights> nets = networks(5, 100, 16, 12, 8);
        FusedVerificationReport report = compareOn(nets, CarbonPoints.all());
        assertEquals(CarbonPoints.all().size(), report.points());
    }

    @Test
    void outputsBelowFloat32sSmallestNormalNumberPassVerification() throws Exception {
        // An output bias of -110 puts r near 1e-48: float32 holds it as 0 or a subnormal, a double reference does
        // not; such tails occur in trained networks (model B, far above the quasielastic peak) and must export.
        List<NetworkWeights> nets = new ArrayList<>();
        for (NetworkWeights net : networks(2, 900, 16, 16)) {
            NetworkWeights.Layer out = net.output();
            nets.add(new NetworkWeights(
                    net.hidden(),
                    new NetworkWeights.Layer(out.inputs(), 1, out.weight(), new float[] {-110f}, null),
                    0));
        }
        FusedVerificationReport report = FusedEnsemble.write(nets, 12, Map.of(), tmp.resolve("tail.onnx"), true);
        assertTrue(report.points() > 0, report.toString());
    }

    @Test
    void nearlyIdenticalMembersKeepTheirSmallStd() throws Exception {
        // Copies of one network with 0.5 % weight noise: a spread of a few per cent, as in trained ensembles
        // (about 7 %), so sigma_std is a difference of close numbers.
        NetworkWeights base = RandomNetworks.network(200, 32, 32, 32);
        List<NetworkWeights> nets = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            nets.add(perturbed(base, 0.005, 300 + m));
        }
        FusedVerificationReport report = compareOn(nets, CarbonPoints.all());
        Prediction p;
        try (FusedModel model = FusedModel.open(tmp.resolve("fused.onnx"), ScoringOptions.defaults())) {
            VerificationPoints pts = CarbonPoints.all();
            p = model.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
        }
        double spread = 0;
        for (int i = 0; i < p.mean().length; i++) {
            spread += p.std()[i] / p.mean()[i] / p.mean().length;
        }
        System.out.printf(Locale.ROOT, "near-identical members: mean std/mean = %.3g%n", spread);
        assertTrue(spread > 0.005 && spread < 0.1, "spread " + spread);
        assertTrue(report.maxRelativeStdDifference() < STD_TOL, report.toString());
    }

    @Test
    void threeMembersOfTenByThreeHundredAgreeWithMemberByMember() throws Exception {
        List<NetworkWeights> nets = networks(3, 400, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        compareOn(nets, CarbonPoints.every(6));
    }

    @Test
    void dynamicBatchSizeGivesTheSameNumbers() throws Exception {
        List<NetworkWeights> nets = networks(4, 500, 24, 24);
        Path fused = tmp.resolve("fused.onnx");
        FusedEnsemble.write(nets, 12, Map.of(), fused, true);
        Path members = memberDirectory(nets);
        try (FusedModel model = FusedModel.open(fused, ScoringOptions.defaults());
                Ensemble ensemble = Ensemble.open(members, ScoringOptions.defaults())) {
            VerificationPoints big = CarbonPoints.first(1000);
            Prediction all = model.score(big.energyGeV(), big.thetaDeg(), big.omegaGeV());
            for (int n : new int[] {1, 7, 1000}) {
                VerificationPoints pts = CarbonPoints.first(n);
                Prediction got = model.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
                Prediction expected = ensemble.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
                assertEquals(n, got.mean().length);
                for (int i = 0; i < n; i++) {
                    assertEquals(expected.mean()[i], got.mean()[i], MEAN_TOL * expected.mean()[i], "n=" + n);
                    assertEquals(expected.std()[i], got.std()[i], STD_TOL * expected.std()[i], "n=" + n);
                    // A point's value does not depend on the batch it came in (within float32 rounding).
                    assertEquals(all.mean()[i], got.mean()[i], 1e-6 * all.mean()[i], "n=" + n);
                }
                assertEquals(4, got.perMember().length);
            }
            Prediction none = model.score(new double[0], new double[0], new double[0]);
            assertEquals(0, none.mean().length);
        }
    }

    @Test
    void tensorsAndMetadataMeetTheContract() throws Exception {
        List<NetworkWeights> nets = networks(3, 600, 8, 8);
        Path withMembers = tmp.resolve("with.onnx");
        Path without = tmp.resolve("without.onnx");
        FusedEnsemble.write(
                nets, 16, Map.of("xsdnn.card", "{}", MetadataKeys.CONTRACT, "overridden"), withMembers, true);
        FusedEnsemble.write(nets, 16, Map.of(), without, false);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = OrtEnvironment.getEnvironment().createSession(withMembers.toString(), options)) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            assertEquals(List.of("E_GeV", "theta_deg", "omega_GeV"), List.copyOf(inputs.keySet()));
            for (NodeInfo input : inputs.values()) {
                assertFloat(input, -1);
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            assertEquals(List.of("sigma_mean", "sigma_std", "sigma_members"), List.copyOf(outputs.keySet()));
            assertFloat(outputs.get("sigma_mean"), -1);
            assertFloat(outputs.get("sigma_std"), -1);
            assertFloat(outputs.get("sigma_members"), -1, 3);
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertEquals("xsdnn-fused-1", metadata.get(MetadataKeys.CONTRACT));
            assertEquals("{}", metadata.get("xsdnn.card"));
            assertEquals("16", metadata.get(MetadataKeys.TARGET_A));
            assertEquals("nb/(sr·GeV)", metadata.get(MetadataKeys.UNITS));
            assertEquals("ensemble", metadata.get(FusedContract.KEY_KIND));
            assertEquals("3", metadata.get(FusedContract.KEY_MEMBERS));
            assertEquals("8,8", metadata.get(FusedContract.KEY_HIDDEN_WIDTHS));
            assertTrue(metadata.get(MetadataKeys.INPUT).contains("E_GeV float32 [N]: beam energy E in GeV"));
            assertTrue(metadata.get(MetadataKeys.OUTPUT).contains("sigma_members float32 [N,3]"));
            assertTrue(metadata.get(FusedContract.KEY_STD).contains("divide by M"));
        }
        VerificationPoints pts = CarbonPoints.every(50);
        try (FusedModel a = FusedModel.open(withMembers, ScoringOptions.defaults());
                FusedModel b = FusedModel.open(without, ScoringOptions.defaults())) {
            assertTrue(a.hasPerMember());
            assertFalse(b.hasPerMember());
            assertEquals(3, b.members());
            assertEquals(16, b.massNumber());
            assertEquals("ensemble", b.kind());
            Prediction pa = a.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
            Prediction pb = b.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
            assertArrayEquals(pa.mean(), pb.mean());
            assertArrayEquals(pa.std(), pb.std());
            assertEquals(0, pb.perMember().length);
        }
    }

    @Test
    void massNumberScalesSigma() throws Exception {
        List<NetworkWeights> nets = networks(2, 700, 8);
        VerificationPoints pts = CarbonPoints.every(100);
        Path carbon = tmp.resolve("c.onnx");
        Path iron = tmp.resolve("fe.onnx");
        FusedEnsemble.write(nets, 12, Map.of(), carbon, false);
        FusedEnsemble.write(nets, 56, Map.of(), iron, false);
        try (FusedModel c = FusedModel.open(carbon, ScoringOptions.defaults());
                FusedModel fe = FusedModel.open(iron, ScoringOptions.defaults())) {
            Prediction pc = c.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
            Prediction pf = fe.score(pts.energyGeV(), pts.thetaDeg(), pts.omegaGeV());
            for (int i = 0; i < pts.size(); i++) {
                assertEquals(pc.mean()[i] * 56 / 12, pf.mean()[i], 1e-6 * pf.mean()[i]);
            }
        }
    }

    @Test
    void layerOneIsOneProductForAllMembers() throws Exception {
        List<NetworkWeights> nets = networks(4, 800, 10, 6, 6);
        ModelProto model = ModelProto.parseFrom(FusedEnsemble.graph(nets, 12, Map.of(), false));
        List<NodeProto> gemms = model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Gemm"))
                .toList();
        // Layer 1 once for all members; then per member two hidden layers and the output layer.
        assertEquals(1 + 4 * 3, gemms.size());
        assertEquals("hidden.0.gemm", gemms.get(0).getName());
        assertEquals(List.of(5L, 40L), dims(model, gemms.get(0).getInput(1)));
        assertEquals(List.of(10L, 6L), dims(model, gemms.get(1).getInput(1)));
        assertEquals(List.of(6L, 1L), dims(model, gemms.get(3).getInput(1)));
        NodeProto split = model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Split"))
                .findFirst()
                .orElseThrow();
        assertEquals(4, split.getOutputCount());
        assertTrue(model.getGraph().getNodeList().stream()
                .noneMatch(n -> n.getOpType().equals("Dropout")));
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertArrayEquals(
                FusedEnsemble.graph(nets, 12, Map.of(), false),
                FusedEnsemble.graph(nets, 12, Map.of(), false),
                "deterministic bytes");
    }

    @Test
    void networksWithoutHiddenLayersAreFusedToo() throws Exception {
        compareOn(networks(3, 900), CarbonPoints.every(20));
    }

    @Test
    void membersOfDifferentShapesAreRejected() {
        List<NetworkWeights> nets = List.of(RandomNetworks.network(1, 8, 8), RandomNetworks.network(2, 8, 9));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FusedEnsemble.graph(nets, 12, Map.of(), false));
        assertEquals(
                "member 1 has hidden widths [8, 9], member 0 has [8, 8]; a fused ensemble stacks members of one "
                        + "architecture",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FusedEnsemble.graph(List.of(), 12, Map.of(), false));
        assertThrows(IllegalArgumentException.class, () -> FusedEnsemble.graph(nets.subList(0, 1), 0, Map.of(), false));
    }

    @Test
    void failedCheckLeavesTargetAndNoStagedFile() throws Exception {
        Path target = tmp.resolve("fused.onnx");
        Files.writeString(target, "previous");
        assertThrows(
                ExportVerificationException.class,
                () -> StagedWrite.verifyThenMove(target, new byte[] {1, 2}, staged -> {
                    throw new ExportVerificationException("no");
                }));
        assertEquals("previous", Files.readString(target));
        try (var listing = Files.list(tmp)) {
            assertEquals(List.of(target), listing.toList());
        }
    }

    /**
     * Writes nets as member files (xsdnn layout) and as one fused file, and compares the two on {@code points}
     * with the exporter's verifier; prints the measured agreement.
     */
    private FusedVerificationReport compareOn(List<NetworkWeights> nets, VerificationPoints points) throws Exception {
        Path fused = tmp.resolve("fused.onnx");
        FusedVerificationReport self = FusedEnsemble.write(nets, 12, Map.of(), fused, true);
        FusedVerificationReport report = ExportVerifier.verifyFused(
                fused,
                memberDirectory(nets),
                points.energyGeV(),
                points.thetaDeg(),
                points.omegaGeV(),
                MEAN_TOL,
                STD_TOL);
        System.out.printf(
                Locale.ROOT,
                "%d members %s, %d carbon points: max relative difference mean %.3g, std "
                        + "%.3g, members %.3g (write-time grid: mean %.3g, std %.3g)%n",
                nets.size(),
                FusedGraphs.hiddenWidths(nets.get(0)),
                report.points(),
                report.maxRelativeMeanDifference(),
                report.maxRelativeStdDifference(),
                report.maxRelativeMemberDifference(),
                self.maxRelativeMeanDifference(),
                self.maxRelativeStdDifference());
        assertTrue(report.maxRelativeMeanDifference() < MEAN_TOL, report.toString());
        assertTrue(report.maxRelativeMemberDifference() < MEAN_TOL, report.toString());
        return report;
    }

    /** The same networks as an xsdnn model directory (member files, card, checksums). */
    private Path memberDirectory(List<NetworkWeights> nets) throws Exception {
        Path dir = tmp.resolve("members");
        VerificationPoints grid = VerificationPoints.carbonGrid();
        List<double[]> expected = new ArrayList<>();
        for (NetworkWeights net : nets) {
            expected.add(net.forward(grid.features(), grid.size()));
        }
        ModelDirectoryWriter.write(dir, TestCards.card(nets.size()), nets, grid.features(), grid.size(), expected);
        return dir;
    }

    static List<NetworkWeights> networks(int count, long seed, int... widths) {
        List<NetworkWeights> nets = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            nets.add(RandomNetworks.network(seed + m, widths));
        }
        return nets;
    }

    /** base with every weight and bias multiplied by (1 + noise·g), g standard normal. */
    private static NetworkWeights perturbed(NetworkWeights base, double noise, long seed) {
        Random random = new Random(seed);
        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        for (NetworkWeights.Layer l : base.hidden()) {
            hidden.add(new NetworkWeights.Layer(
                    l.inputs(),
                    l.outputs(),
                    jitter(l.weight(), noise, random),
                    jitter(l.bias(), noise, random),
                    l.batchNorm()));
        }
        NetworkWeights.Layer o = base.output();
        return new NetworkWeights(
                hidden,
                new NetworkWeights.Layer(
                        o.inputs(), 1, jitter(o.weight(), noise, random), jitter(o.bias(), noise, random), null),
                base.dropout());
    }

    private static float[] jitter(float[] values, double noise, Random random) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] * (1 + noise * random.nextGaussian()));
        }
        return out;
    }

    private static List<Long> dims(ModelProto model, String initializer) {
        return model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals(initializer))
                .findFirst()
                .map(TensorProto::getDimsList)
                .orElseThrow();
    }

    /** float32 tensor of the given shape (−1 for the free batch dimension). */
    static void assertFloat(NodeInfo node, long... shape) {
        TensorInfo info = (TensorInfo) node.getInfo();
        assertEquals(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, info.onnxType, node.getName());
        assertArrayEquals(shape, info.getShape(), node.getName());
    }
}
