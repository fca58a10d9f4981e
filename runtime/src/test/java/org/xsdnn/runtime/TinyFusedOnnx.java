package org.xsdnn.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-encoded fused models (contract {@value FusedContract#ID}) whose outputs echo their inputs, so FusedModel
 * tests need no exporter: sigma_mean = E_GeV, sigma_std = theta_deg, sigma_members[:, m] = omega_GeV for every m.
 * Field numbers are onnx/onnx, onnx/onnx.proto's: ModelProto ir_version 1, producer_name 2, graph 7,
 * opset_import 8, metadata_props 14; StringStringEntryProto key 1, value 2; GraphProto node 1, name 2,
 * initializer 5, input 11, output 12; NodeProto input 1, output 2, op_type 4, attribute 5; AttributeProto name 1,
 * i 3, type 20 (INT = 2); TensorProto dims 1, data_type 2 (INT64 = 7), name 8, raw_data 9; ValueInfoProto name 1,
 * type 2; TypeProto tensor_type 1; TypeProto.Tensor elem_type 1 (FLOAT = 1), shape 2; TensorShapeProto dim 1;
 * Dimension dim_value 1, dim_param 2; OperatorSetIdProto version 2. Operators: Identity-16, Unsqueeze-13 (axes
 * input), Concat-13 (axis attribute).
 */
final class TinyFusedOnnx {
    private TinyFusedOnnx() {}

    /**
     * @param inputs the graph's input names (the contract's three, or others to provoke errors)
     * @param memberColumns width of sigma_members; 0 for no such output
     * @param metadata metadata_props
     */
    static byte[] echo(List<String> inputs, int memberColumns, Map<String, String> metadata) {
        String e = inputs.get(0);
        ProtoMessage graph = new ProtoMessage()
                .message(1, node("Identity", List.of(e), FusedContract.MEAN))
                .message(1, node("Identity", List.of(inputs.get(1)), FusedContract.STD))
                .string(2, "tiny-fused");
        for (String name : inputs) {
            graph.message(11, valueInfo(name));
        }
        graph.message(12, valueInfo(FusedContract.MEAN)).message(12, valueInfo(FusedContract.STD));
        if (memberColumns > 0) {
            ByteBuffer axes =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1);
            graph.message(
                    5,
                    new ProtoMessage()
                            .varint(1, 1)
                            .varint(2, 7)
                            .string(8, "axes")
                            .bytes(9, axes.array()));
            graph.message(1, node("Unsqueeze", List.of(inputs.get(2), "axes"), "omega_column"));
            ProtoMessage concat =
                    node("Concat", java.util.Collections.nCopies(memberColumns, "omega_column"), FusedContract.MEMBERS);
            concat.message(5, new ProtoMessage().string(1, "axis").varint(3, 1).varint(20, 2));
            graph.message(1, concat);
            ProtoMessage shape = new ProtoMessage()
                    .message(1, new ProtoMessage().string(2, "N"))
                    .message(1, new ProtoMessage().varint(1, memberColumns));
            graph.message(
                    12,
                    new ProtoMessage()
                            .string(1, FusedContract.MEMBERS)
                            .message(
                                    2,
                                    new ProtoMessage()
                                            .message(
                                                    1,
                                                    new ProtoMessage()
                                                            .varint(1, 1)
                                                            .message(2, shape))));
        }
        ProtoMessage model = new ProtoMessage()
                .varint(1, 8)
                .string(2, "tiny-test")
                .message(7, graph)
                .message(8, new ProtoMessage().varint(2, 17));
        new TreeMap<>(metadata)
                .forEach((k, v) ->
                        model.message(14, new ProtoMessage().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    private static ProtoMessage node(String op, List<String> inputs, String output) {
        ProtoMessage node = new ProtoMessage();
        inputs.forEach(i -> node.string(1, i));
        return node.string(2, output).string(4, op);
    }

    /** float32 [N]. */
    private static ProtoMessage valueInfo(String name) {
        ProtoMessage shape = new ProtoMessage().message(1, new ProtoMessage().string(2, "N"));
        ProtoMessage tensor = new ProtoMessage().varint(1, 1).message(2, shape);
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensor));
    }
}
