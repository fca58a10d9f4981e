package org.xsdnn.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds the tensor messages a graph needs: constant initializers (float, double, int64; little-endian raw_data)
 * and typed graph inputs and outputs whose first dimension is the free batch size N. Used by the exporter's graphs
 * and by the runtime's tests for their tiny models.
 */
public final class OnnxTensors {
    /** Symbolic name of the batch dimension of inputs and outputs. */
    private static final String BATCH_DIM = "N";

    private OnnxTensors() {}

    /** A float32 constant, row-major, stored as little-endian raw_data as ONNX requires. */
    public static TensorProto floatInitializer(String name, float[] values, long... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, TensorProto.DataType.FLOAT_VALUE, raw.array(), dims);
    }

    /** An int16 constant, row-major, little-endian raw_data: half the bytes of float32. */
    public static TensorProto int16Initializer(String name, short[] values, long... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(Short.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asShortBuffer().put(values);
        return tensor(name, TensorProto.DataType.INT16_VALUE, raw.array(), dims);
    }

    /** A float64 constant, row-major, little-endian raw_data. */
    public static TensorProto doubleInitializer(String name, double[] values, long... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(Double.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asDoubleBuffer().put(values);
        return tensor(name, TensorProto.DataType.DOUBLE_VALUE, raw.array(), dims);
    }

    /** An int64 constant (shapes and axes), row-major, little-endian raw_data. */
    public static TensorProto int64Initializer(String name, long[] values, long... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(Long.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(name, TensorProto.DataType.INT64_VALUE, raw.array(), dims);
    }

    /** A float32 graph input or output of shape [N, width], N free. */
    public static ValueInfoProto floatBatch(String name, long width) {
        return valueInfo(
                name,
                TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                        .build());
    }

    /** A float32 graph input or output of shape [N], N free: one value per point. */
    public static ValueInfoProto floatVector(String name) {
        return valueInfo(
                name,
                TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM))
                        .build());
    }

    private static ValueInfoProto valueInfo(String name, TensorShapeProto shape) {
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                .setShape(shape)
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    private static TensorProto tensor(String name, int dataType, byte[] raw, long... dims) {
        TensorProto.Builder tensor =
                TensorProto.newBuilder().setName(name).setDataType(dataType).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    private static void checkCount(String name, int count, long... dims) {
        long product = 1;
        for (long d : dims) {
            product *= d;
        }
        if (product != count) {
            throw new IllegalArgumentException(name + ": " + count + " values for dims product " + product);
        }
    }
}
