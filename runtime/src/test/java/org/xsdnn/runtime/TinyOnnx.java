package org.xsdnn.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-encoded minimal ONNX models, so runtime tests need no exporter (which depends on this module). Field
 * numbers are those of onnx/onnx, onnx/onnx.proto: ModelProto ir_version 1, producer_name 2, graph 7,
 * opset_import 8; GraphProto node 1, name 2, initializer 5, input 11, output 12; NodeProto input 1, output 2,
 * op_type 4; TensorProto dims 1, data_type 2, name 8, raw_data 9; ValueInfoProto name 1, type 2; TypeProto
 * tensor_type 1; TypeProto.Tensor elem_type 1, shape 2; TensorShapeProto dim 1; Dimension dim_value 1,
 * dim_param 2; OperatorSetIdProto version 2.
 */
final class TinyOnnx {
    private static final int FLOAT = 1; // TensorProto.DataType.FLOAT

    private TinyOnnx() {}

    /** r = sigmoid(x · w): input "input" float32 [N, w.length], output {@code outputName} float32 [N, 1]. */
    static byte[] linearSigmoid(float[] w, String outputName) {
        ByteBuffer raw = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : w) {
            raw.putFloat(v);
        }
        ProtoMessage weight = new ProtoMessage()
                .varint(1, w.length)
                .varint(1, 1)
                .varint(2, FLOAT)
                .string(8, "w")
                .bytes(9, raw.array());
        ProtoMessage graph = new ProtoMessage()
                .message(
                        1,
                        new ProtoMessage()
                                .string(1, "input")
                                .string(1, "w")
                                .string(2, "z")
                                .string(4, "MatMul"))
                .message(
                        1,
                        new ProtoMessage().string(1, "z").string(2, outputName).string(4, "Sigmoid"))
                .string(2, "tiny")
                .message(5, weight)
                .message(11, valueInfo("input", w.length))
                .message(12, valueInfo(outputName, 1));
        return new ProtoMessage()
                .varint(1, 8)
                .string(2, "tiny-test")
                .message(7, graph)
                .message(8, new ProtoMessage().varint(2, 17))
                .toByteArray();
    }

    private static ProtoMessage valueInfo(String name, int width) {
        ProtoMessage shape = new ProtoMessage()
                .message(1, new ProtoMessage().string(2, "N"))
                .message(1, new ProtoMessage().varint(1, width));
        ProtoMessage tensor = new ProtoMessage().varint(1, FLOAT).message(2, shape);
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensor));
    }
}
