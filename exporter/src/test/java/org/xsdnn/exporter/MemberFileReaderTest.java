package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.runtime.ContractException;

/** Member files read back into the stored network they were written from, and nothing else read at all. */
class MemberFileReaderTest {
    private static final int POINTS = 50;

    @TempDir
    Path tmp;

    @Test
    void float32MemberReadsBackToTheSameNetworkAndBytes() throws Exception {
        StoredNetwork stored = StoredNetwork.float32(RandomNetworks.network(1, 8, 16, 8));
        Map<String, String> metadata = MemberMetadata.of(TestCards.card(1), 0);
        StoredNetwork back = roundTrip(stored, metadata);
        assertSameLayers(stored.reference(), back.reference());
        assertEquals(List.of(), back.int16().stream().filter(l -> l != null).toList());
    }

    @Test
    void int16MemberReadsBackToItsCodesScalesAndBytes() throws Exception {
        NetworkWeights net = RandomNetworks.network(700, 8, 64, 64);
        float[] x = RandomNetworks.features(7, POINTS);
        StoredNetwork stored = WeightStorage.INT16.store(net, x, POINTS);
        assertEquals(2, stored.int16Layers(), "hidden layers 1 and 2 as int16, or this test shows nothing");
        StoredNetwork back = roundTrip(stored, MemberMetadata.of(TestCards.card(1), 0));
        assertNull(back.int16().get(0));
        for (int l = 1; l < 3; l++) {
            assertArrayEquals(stored.int16().get(l).codes(), back.int16().get(l).codes(), "codes of layer " + l);
            assertArrayEquals(
                    stored.int16().get(l).scales(), back.int16().get(l).scales(), "scales of layer " + l);
        }
        assertArrayEquals(
                stored.reference().hidden().get(0).weight(),
                back.reference().hidden().get(0).weight());
        assertArrayEquals(stored.computed().forward(x, POINTS), back.computed().forward(x, POINTS));
    }

    @Test
    void membersOfAWrittenModelDirectoryRewriteToTheirOwnBytes() throws Exception {
        List<NetworkWeights> nets =
                List.of(RandomNetworks.network(710, 8, 32, 32), RandomNetworks.network(711, 8, 32, 32));
        float[] x = RandomNetworks.features(8, POINTS);
        List<StoredNetwork> stored =
                nets.stream().map(n -> WeightStorage.INT16.store(n, x, POINTS)).toList();
        Path dir = tmp.resolve("i16");
        ModelCard card = ModelDirectoryWriter.writeStored(
                dir,
                TestCards.card(2),
                stored,
                x,
                POINTS,
                nets.stream().map(n -> n.forward(x, POINTS)).toList());
        for (int m = 0; m < 2; m++) {
            Path file = dir.resolve(card.members().get(m).file());
            StoredNetwork back = MemberFileReader.read(file);
            assertArrayEquals(
                    Files.readAllBytes(file), OnnxExporter.memberGraph(back, metadataOf(file)), file.toString());
            assertSameLayers(stored.get(m).computed(), back.computed());
        }
    }

    @Test
    void xsdnnWrittenNuwroFilesReadBackToo() throws Exception {
        NetworkWeights net = RandomNetworks.network(720, 8, 8);
        Path file =
                NuwroProfile.write(List.of(net), "A", 12, tmp.resolve("nuwro")).get(0);
        assertSameLayers(
                StoredNetwork.float32(net).reference(),
                MemberFileReader.read(file).computed());
    }

    @Test
    void refusesThirdPartyNuwroFilesSayingOnlyXsdnnMembersCanBeRead() {
        Path theirs = CarbonPoints.shared().resolve("reference-models/nuwro-pr53/model_electron_A_12_0.onnx");
        assertTrue(Files.isRegularFile(theirs), "no reference file at " + theirs + " (system property xsdnn.shared)");
        ContractException e = assertThrows(ContractException.class, () -> MemberFileReader.read(theirs));
        assertTrue(e.getMessage().startsWith(theirs + ": has no initializer \""), e.getMessage());
        assertTrue(
                e.getMessage().contains("only member files written by xsdnn (xsdnn export) can be read back"),
                e.getMessage());
    }

    @Test
    void refusesFusedFilesAndNonOnnxBytes() throws Exception {
        Path fused = tmp.resolve("fused.onnx");
        FusedEnsemble.write(
                List.of(RandomNetworks.network(730, 8), RandomNetworks.network(731, 8)), 12, Map.of(), fused, false);
        ContractException e = assertThrows(ContractException.class, () -> MemberFileReader.read(fused));
        // Its stacked first layer is named like a member's; the members' later layers are not.
        assertTrue(e.getMessage().startsWith(fused + ": has no initializer \"output.weight\""), e.getMessage());
        e = assertThrows(ContractException.class, () -> MemberFileReader.parse(new byte[] {1, 2, 3}, "x.onnx"));
        assertTrue(e.getMessage().startsWith("x.onnx: is not an ONNX model"), e.getMessage());
    }

    @Test
    void refusesAFileWithXsdnnInitializersButAnotherGraph() throws Exception {
        byte[] bytes = OnnxExporter.memberGraph(RandomNetworks.network(740, 8, 8), Map.of());
        ModelProto.Builder model = ModelProto.parseFrom(bytes).toBuilder();
        model.getGraphBuilder().getNodeBuilder(1).setOpType("Sigmoid"); // hidden.0's Relu
        ContractException e = assertThrows(
                ContractException.class,
                () -> MemberFileReader.parse(model.build().toByteArray(), "member-00.onnx"));
        assertTrue(
                e.getMessage()
                        .startsWith("member-00.onnx: has the initializers of an xsdnn member graph but node 1"
                                + " is Sigmoid \"hidden.0.relu\""),
                e.getMessage());
    }

    /** Writes {@code stored}, reads it back and checks that writing the result again gives the same bytes. */
    private StoredNetwork roundTrip(StoredNetwork stored, Map<String, String> metadata) throws Exception {
        Path file = tmp.resolve("member-00.onnx");
        OnnxExporter.writeMember(stored, metadata, file);
        StoredNetwork back = MemberFileReader.read(file);
        assertArrayEquals(Files.readAllBytes(file), OnnxExporter.memberGraph(back, metadata));
        assertSameLayers(stored.computed(), back.computed());
        return back;
    }

    private static Map<String, String> metadataOf(Path file) throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        ModelProto.parseFrom(Files.readAllBytes(file))
                .getMetadataPropsList()
                .forEach(p -> metadata.put(p.getKey(), p.getValue()));
        return metadata;
    }

    private static void assertSameLayers(NetworkWeights expected, NetworkWeights got) {
        assertEquals(expected.hidden().size(), got.hidden().size());
        for (int l = 0; l < expected.hidden().size(); l++) {
            assertArrayEquals(
                    expected.hidden().get(l).weight(), got.hidden().get(l).weight(), "weights of layer " + l);
            assertArrayEquals(
                    expected.hidden().get(l).bias(), got.hidden().get(l).bias(), "bias of layer " + l);
        }
        assertArrayEquals(expected.output().weight(), got.output().weight());
        assertArrayEquals(expected.output().bias(), got.output().bias());
    }
}
