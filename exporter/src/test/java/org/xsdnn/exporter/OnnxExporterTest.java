package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.onnx.NodeProto;
import org.xsdnn.onnx.TensorShapeProto;
import org.xsdnn.runtime.MemberModel;
import org.xsdnn.runtime.ScoringOptions;

/** Network → ONNX → ONNX Runtime reproduces the network; the file is well-formed ONNX carrying our metadata. */
class OnnxExporterTest {
    private static final int POINTS = 200;

    @TempDir
    Path tmp;

    @Test
    void smallNetworkWithBatchNormMatchesForward() throws Exception {
        NetworkWeights net = RandomNetworks.network(1, 8, 8);
        float[] x = RandomNetworks.features(2, POINTS);
        Path file = tmp.resolve("member-00.onnx");
        OnnxExporter.writeMember(net, Map.of(), file);
        VerificationReport report = ExportVerifier.verify(file, x, POINTS, net.forward(x, POINTS), 1e-5);
        assertEquals(POINTS, report.points());
        assertTrue(report.maxRelativeDifference() < 1e-5, report.toString());
    }

    @Test
    void defaultSizeNetworkMatchesForward() throws Exception {
        NetworkWeights net = RandomNetworks.network(3, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300);
        float[] x = RandomNetworks.features(4, POINTS);
        Path file = tmp.resolve("member-00.onnx");
        OnnxExporter.writeMember(net, Map.of(), file);
        VerificationReport report = ExportVerifier.verify(
                file, x, POINTS, net.forward(x, POINTS), ExportVerifier.DEFAULT_RELATIVE_TOLERANCE);
        assertTrue(report.maxRelativeDifference() < ExportVerifier.DEFAULT_RELATIVE_TOLERANCE, report.toString());
    }

    @Test
    void verifierFailsWhenExpectedValuesArePerturbed() throws Exception {
        NetworkWeights net = RandomNetworks.network(5, 8, 8);
        float[] x = RandomNetworks.features(6, POINTS);
        Path file = tmp.resolve("member-03.onnx");
        OnnxExporter.writeMember(net, Map.of(), file);
        double[] expected = net.forward(x, POINTS);
        expected[17] *= 1.001;
        ExportVerificationException e = assertThrows(
                ExportVerificationException.class, () -> ExportVerifier.verify(file, x, POINTS, expected, 1e-5));
        assertTrue(
                e.getMessage()
                        .startsWith("member-03.onnx: ONNX Runtime differs from the expected r at 1 of 200 "
                                + "points; worst point 17: expected "),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                ", relative difference 0.000999 (tolerance 1.00e-05 relative in r plus 1.00e-05 relative in its logit)"),
                e.getMessage());
    }

    @Test
    void fileParsesAsOnnxWithOpset17AndFoldedGraph() throws Exception {
        // Batch norm folded into Gemm, no Dropout; the sigmoid spelled out (see OnnxExporter).
        NetworkWeights net = RandomNetworks.network(7, 8, 8);
        byte[] bytes = OnnxExporter.memberGraph(net, Map.of("xsdnn.b", "2", "xsdnn.a", "1"));
        ModelProto model = ModelProto.parseFrom(bytes);
        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals("xsdnn", model.getProducerName());
        assertEquals(
                List.of("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Neg", "Exp", "Add", "Reciprocal"),
                model.getGraph().getNodeList().stream()
                        .map(NodeProto::getOpType)
                        .toList());
        assertEquals("input", model.getGraph().getInput(0).getName());
        assertEquals("r", model.getGraph().getOutput(0).getName());
        List<TensorShapeProto.Dimension> dims = model.getGraph()
                .getInput(0)
                .getType()
                .getTensorType()
                .getShape()
                .getDimList();
        assertEquals("N", dims.get(0).getDimParam());
        assertEquals(5, dims.get(1).getDimValue());
        assertEquals(
                List.of("xsdnn.a", "xsdnn.b"),
                model.getMetadataPropsList().stream().map(p -> p.getKey()).toList());
        assertArrayEquals(bytes, OnnxExporter.memberGraph(net, Map.of("xsdnn.a", "1", "xsdnn.b", "2")));
    }

    @Test
    void sigmoidSaturatesWithoutNaN() throws Exception {
        for (float bias : new float[] {-200f, 200f}) {
            NetworkWeights net = RandomNetworks.network(11, 4);
            NetworkWeights.Layer out = net.output();
            NetworkWeights saturated = new NetworkWeights(
                    net.hidden(), new NetworkWeights.Layer(out.inputs(), 1, out.weight(), new float[] {bias}, null), 0);
            Path file = tmp.resolve("saturated.onnx");
            OnnxExporter.writeMember(saturated, Map.of(), file);
            try (MemberModel model = MemberModel.open(file, "r", ScoringOptions.defaults())) {
                assertEquals(bias < 0 ? 0.0 : 1.0, model.r(RandomNetworks.features(12, 3), 3)[0]);
            }
        }
    }

    @Test
    void metadataIsReadableWithOnnxRuntime() throws Exception {
        ModelCard card = TestCards.card(2);
        Path file = tmp.resolve("member-01.onnx");
        OnnxExporter.writeMember(RandomNetworks.network(8, 8), MemberMetadata.of(card, 1), file);
        Map<String, String> metadata;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options)) {
            metadata = session.getMetadata().getCustomMetadata();
            assertEquals("xsdnn", session.getMetadata().getProducerName());
        }
        assertEquals("xsdnn-1", metadata.get(MetadataKeys.CONTRACT));
        assertEquals("nb/(sr·GeV)", metadata.get(MetadataKeys.UNITS));
        assertEquals("E/20,omega/20,theta/180,cos(theta),Q2/100", metadata.get(MetadataKeys.FEATURE_ORDER));
        assertEquals("6", metadata.get(MetadataKeys.TARGET_Z));
        assertEquals("12", metadata.get(MetadataKeys.TARGET_A));
        assertEquals("1", metadata.get(MetadataKeys.MEMBER_INDEX));
        assertEquals("1001", metadata.get(MetadataKeys.MEMBER_SEED));
        assertEquals("0.1.0", metadata.get(MetadataKeys.VERSION));
        assertEquals(
                Map.of("Barr1983", 0.98, "Day1993", 1.03),
                CardJson.read(metadata.get(MetadataKeys.MEMBER_LAMBDAS), Map.class));
        assertEquals(
                0.3,
                ((Number) CardJson.read(metadata.get(MetadataKeys.TRAINING), Map.class)
                                .get("cut-omega-gev"))
                        .doubleValue());
        assertEquals(card.data(), CardJson.read(metadata.get(MetadataKeys.DATA), ModelCard.Data.class));
        ModelCard embedded = CardJson.read(metadata.get(MetadataKeys.CARD), ModelCard.class);
        assertEquals(List.of(card.members().get(1)), embedded.members(), "only the member's own entry");
        assertEquals(card.training(), embedded.training());
        assertNull(embedded.name(), "nothing of the ensemble it is shipped in: the file is the same in every ensemble");
        assertNull(embedded.createdAt());
        assertTrue(embedded.metrics().isEmpty());
    }

    @Test
    void aMembersFileDoesNotDependOnTheEnsembleItIsExportedIn() {
        ModelCard shard = TestCards.card(2);
        ModelCard assembled = new ModelCard(
                "carbon-b",
                shard.xsdnnVersion(),
                "2026-12-02T00:00:00Z",
                shard.target(),
                shard.contract(),
                List.of(
                        shard.members().get(1),
                        shard.members().get(0),
                        shard.members().get(1)),
                shard.training(),
                shard.data(),
                Map.of("chi2", 3.0),
                shard.domain(),
                "other notes");
        NetworkWeights net = RandomNetworks.network(8, 8, 8);
        StoredNetwork stored = WeightStorage.INT16.store(net, RandomNetworks.features(3, 20), 20);
        assertArrayEquals(
                OnnxExporter.memberGraph(stored, MemberMetadata.of(shard, 1)),
                OnnxExporter.memberGraph(stored, MemberMetadata.of(assembled, 2)));
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles() throws Exception {
        Path file = tmp.resolve("member-00.onnx");
        OnnxExporter.writeMember(RandomNetworks.network(9, 4), Map.of(), file);
        OnnxExporter.writeMember(RandomNetworks.network(10, 4), Map.of(), file);
        try (var listing = Files.list(tmp)) {
            assertEquals(List.of(file), listing.toList());
        }
    }
}
