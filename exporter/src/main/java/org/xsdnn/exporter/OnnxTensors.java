package org.xsdnn.exporter;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.xsdnn.exporter.onnx.TensorProto;
import org.xsdnn.exporter.onnx.TensorShapeProto;
import org.xsdnn.exporter.onnx.TypeProto;
import org.xsdnn.exporter.onnx.ValueInfoProto;

/** Builds the two tensor messages a graph needs: constant float initializers and typed [N, width] values. */
final class OnnxTensors {
    /** Symbolic name of the batch dimension of inputs and outputs. */
    static final String BATCH_DIM = "N";

    private OnnxTensors() {}

    /** A float32 constant, row-major, stored as little-endian raw_data as ONNX requires. */
    static TensorProto floatInitializer(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for dims product " + count);
        }
        ByteBuffer raw = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** A float32 graph input or output of shape [N, width], N free. */
    static ValueInfoProto floatBatch(String name, long width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                .setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
