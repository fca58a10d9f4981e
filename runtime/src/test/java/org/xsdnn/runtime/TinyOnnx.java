package org.xsdnn.runtime;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xsdnn.onnx.AttributeProto;
import org.xsdnn.onnx.GraphProto;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.onnx.NodeProto;
import org.xsdnn.onnx.OnnxTensors;
import org.xsdnn.onnx.OperatorSetIdProto;
import org.xsdnn.onnx.StringStringEntryProto;

/**
 * Tiny ONNX models (IR 8, opset 17) for the runtime's tests, built with the generated ONNX classes of the
 * onnx-proto module. That module, not the exporter, is the test-scoped dependency: the exporter depends on the
 * runtime, so runtime tests on the exporter would close a cycle in the Maven reactor.
 */
final class TinyOnnx {
    private TinyOnnx() {}

    /** r = sigmoid(x · w): input "input" float32 [N, w.length], output {@code outputName} float32 [N, 1]. */
    static byte[] linearSigmoid(float[] w, String outputName) {
        GraphProto graph = GraphProto.newBuilder()
                .setName("tiny")
                .addNode(node("MatMul", List.of("input", "w"), "z"))
                .addNode(node("Sigmoid", List.of("z"), outputName))
                .addInitializer(OnnxTensors.floatInitializer("w", w, w.length, 1))
                .addInput(OnnxTensors.floatBatch("input", w.length))
                .addOutput(OnnxTensors.floatBatch(outputName, 1))
                .build();
        return model(graph, Map.of());
    }

    /**
     * A fused model (contract {@value FusedContract#ID}) whose outputs echo its inputs, float32 [N] each:
     * sigma_mean = E_GeV, sigma_std = theta_deg, sigma_members[:, m] = omega_GeV for every m.
     *
     * @param inputs the graph's input names (the contract's three, or others to provoke errors)
     * @param memberColumns width of sigma_members; 0 for no such output
     * @param metadata metadata_props
     */
    static byte[] fusedEcho(List<String> inputs, int memberColumns, Map<String, String> metadata) {
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("tiny-fused")
                .addNode(node("Identity", List.of(inputs.get(0)), FusedContract.MEAN))
                .addNode(node("Identity", List.of(inputs.get(1)), FusedContract.STD));
        inputs.forEach(name -> graph.addInput(OnnxTensors.floatVector(name)));
        graph.addOutput(OnnxTensors.floatVector(FusedContract.MEAN))
                .addOutput(OnnxTensors.floatVector(FusedContract.STD));
        if (memberColumns > 0) {
            AttributeProto axis = AttributeProto.newBuilder()
                    .setName("axis")
                    .setI(1)
                    .setType(AttributeProto.AttributeType.INT)
                    .build();
            graph.addInitializer(OnnxTensors.int64Initializer("axes", new long[] {1}, 1))
                    .addNode(node("Unsqueeze", List.of(inputs.get(2), "axes"), "omega_column"))
                    .addNode(
                            node("Concat", Collections.nCopies(memberColumns, "omega_column"), FusedContract.MEMBERS)
                                    .toBuilder()
                                    .addAttribute(axis))
                    .addOutput(OnnxTensors.floatBatch(FusedContract.MEMBERS, memberColumns));
        }
        return model(graph.build(), metadata);
    }

    private static NodeProto node(String opType, List<String> inputs, String output) {
        return NodeProto.newBuilder()
                .setOpType(opType)
                .addAllInput(inputs)
                .addOutput(output)
                .build();
    }

    private static byte[] model(GraphProto graph, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("tiny-test")
                .setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17));
        new TreeMap<>(metadata)
                .forEach((key, value) -> model.addMetadataProps(
                        StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build().toByteArray();
    }
}
