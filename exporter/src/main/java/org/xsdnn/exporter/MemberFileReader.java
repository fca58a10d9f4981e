package org.xsdnn.exporter;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.onnx.GraphProto;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.onnx.NodeProto;
import org.xsdnn.onnx.TensorProto;
import org.xsdnn.runtime.ContractException;

/**
 * Reads a member file that {@link OnnxExporter} wrote (an xsdnn {@code member-NN.onnx}, or a NuWro-profile file
 * written by xsdnn) back into the {@link StoredNetwork} it was written from, so that the generator profiles can be
 * made from a shipped model directory instead of being shipped beside it.
 *
 * <p>What comes back: float32 layers as stored (the batch-norm-folded weights); int16 layers as their codes and
 * column scales, so {@link StoredNetwork#computed()} gives exactly the float32 weights the file computes with. An
 * int16 layer's pre-rounding weights are not in the file; its {@code reference()} layer holds the computed weights
 * instead. The file does not record {@link StoredNetwork#maxRelativeChange()} (NaN here) nor the dropout rate (0,
 * an identity at inference). Writing the result again with the file's metadata and output name gives the same
 * bytes.
 *
 * <p>Only files whose graph is exactly the xsdnn member graph are read: after the initializers are decoded, the
 * graph is rebuilt from them and must equal the file's, so nothing the file computes is lost or reinterpreted.
 */
public final class MemberFileReader {
    private static final String ONLY_XSDNN = "only member files written by xsdnn (xsdnn export) can be read back";

    private MemberFileReader() {}

    /**
     * @throws IOException when the file cannot be read
     * @throws ContractException when it is not an xsdnn member graph; the message names the file and what is
     *     missing or unexpected
     */
    public static StoredNetwork read(Path file) throws IOException, ContractException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** @param file the name messages use */
    public static StoredNetwork parse(byte[] bytes, String file) throws ContractException {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw refuse(file, "is not an ONNX model (" + e.getMessage() + ")");
        }
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        List<String> found = List.copyOf(initializers.keySet());

        List<NetworkWeights.Layer> hidden = new ArrayList<>();
        List<StoredNetwork.Int16Layer> int16 = new ArrayList<>();
        int inputs = Kinematics.FEATURES;
        for (int i = 0;
                initializers.containsKey("hidden." + i + ".weight")
                        || initializers.containsKey("hidden." + i + ".weight.codes");
                i++) {
            String prefix = "hidden." + i;
            StoredNetwork.Int16Layer codes = null;
            float[] weight;
            int outputs;
            if (initializers.containsKey(prefix + ".weight.codes")) {
                TensorProto t = take(file, initializers, found, prefix + ".weight.codes", TensorProto.DataType.INT16);
                outputs = columns(file, t, inputs);
                float[] scales = floats(
                        take(file, initializers, found, prefix + ".weight.scales", TensorProto.DataType.FLOAT),
                        file,
                        outputs);
                codes = new StoredNetwork.Int16Layer(inputs, outputs, shorts(t), scales);
                weight = codes.weights();
            } else {
                TensorProto t = take(file, initializers, found, prefix + ".weight", TensorProto.DataType.FLOAT);
                outputs = columns(file, t, inputs);
                weight = floats(t, file, inputs, outputs);
            }
            float[] bias = floats(
                    take(file, initializers, found, prefix + ".bias", TensorProto.DataType.FLOAT), file, outputs);
            hidden.add(new NetworkWeights.Layer(inputs, outputs, weight, bias, null));
            int16.add(codes);
            inputs = outputs;
        }
        NetworkWeights.Layer output = new NetworkWeights.Layer(
                inputs,
                1,
                floats(take(file, initializers, found, "output.weight", TensorProto.DataType.FLOAT), file, inputs, 1),
                floats(take(file, initializers, found, "output.bias", TensorProto.DataType.FLOAT), file, 1),
                null);
        initializers.remove("sigmoid.one");
        if (!initializers.isEmpty()) {
            throw refuse(file, "has initializers an xsdnn member graph does not: " + initializers.keySet());
        }
        if (graph.getOutputCount() != 1) {
            throw refuse(file, "has " + graph.getOutputCount() + " outputs; an xsdnn member graph has one, r");
        }
        StoredNetwork stored = new StoredNetwork(new NetworkWeights(hidden, output, 0), int16, Double.NaN);
        GraphProto expected = OnnxExporter.graph(stored, graph.getOutput(0).getName());
        if (!expected.equals(graph)) {
            throw refuse(file, "has the initializers of an xsdnn member graph but " + difference(expected, graph));
        }
        return stored;
    }

    /** Removes and returns initializer {@code name}, which must exist, have {@code type} and hold raw data. */
    private static TensorProto take(
            String file,
            Map<String, TensorProto> initializers,
            List<String> found,
            String name,
            TensorProto.DataType type)
            throws ContractException {
        TensorProto t = initializers.remove(name);
        if (t == null) {
            throw refuse(file, "has no initializer \"" + name + "\" (found " + summary(found) + ")");
        }
        if (t.getDataType() != type.getNumber() || !t.hasRawData()) {
            throw refuse(
                    file,
                    "has \"" + name + "\" of data type " + t.getDataType() + (t.hasRawData() ? "" : " without raw_data")
                            + "; xsdnn writes it as " + type + " raw_data");
        }
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        int width = type == TensorProto.DataType.INT16 ? Short.BYTES : Float.BYTES;
        if (t.getRawData().size() != count * width) {
            throw refuse(
                    file,
                    "has \"" + name + "\" of shape " + t.getDimsList() + " but "
                            + t.getRawData().size() + " bytes of data; expected " + count * width);
        }
        return t;
    }

    /** The output width of a kernel that must be [inputs, outputs]. */
    private static int columns(String file, TensorProto kernel, int inputs) throws ContractException {
        List<Long> dims = kernel.getDimsList();
        if (dims.size() != 2 || dims.get(0) != inputs || dims.get(1) < 1 || dims.get(1) > Integer.MAX_VALUE) {
            throw refuse(
                    file,
                    "has \"" + kernel.getName() + "\" of shape " + dims + "; expected [" + inputs
                            + ", width] after the previous layer");
        }
        return dims.get(1).intValue();
    }

    /** The values of a float32 tensor that must have shape {@code shape}. */
    private static float[] floats(TensorProto t, String file, long... shape) throws ContractException {
        List<Long> expected = Arrays.stream(shape).boxed().toList();
        if (!t.getDimsList().equals(expected)) {
            throw refuse(file, "has \"" + t.getName() + "\" of shape " + t.getDimsList() + "; expected " + expected);
        }
        float[] v = new float[t.getRawData().size() / Float.BYTES];
        t.getRawData()
                .asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(v);
        return v;
    }

    private static short[] shorts(TensorProto t) {
        short[] v = new short[t.getRawData().size() / Short.BYTES];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        raw.asShortBuffer().get(v);
        return v;
    }

    /** The first way in which the file's graph departs from the one its initializers give. */
    private static String difference(GraphProto expected, GraphProto got) {
        if (!expected.getInputList().equals(got.getInputList())) {
            return "its inputs "
                    + got.getInputList().stream().map(v -> v.getName()).toList()
                    + " differ from the xsdnn contract (\"input\" float32 [N,5])";
        }
        for (int i = 0; i < Math.min(expected.getNodeCount(), got.getNodeCount()); i++) {
            NodeProto e = expected.getNode(i);
            NodeProto g = got.getNode(i);
            if (!e.equals(g)) {
                return "node " + i + " is " + g.getOpType() + " \"" + g.getName() + "\" " + g.getInputList() + " -> "
                        + g.getOutputList() + "; xsdnn writes " + e.getOpType() + " \"" + e.getName() + "\" "
                        + e.getInputList() + " -> " + e.getOutputList();
            }
        }
        if (expected.getNodeCount() != got.getNodeCount()) {
            return "has " + got.getNodeCount() + " nodes; xsdnn writes " + expected.getNodeCount();
        }
        return "its graph differs from the xsdnn member graph (name, outputs, initializer order or extra fields)";
    }

    private static String summary(List<String> names) {
        int shown = Math.min(names.size(), 8);
        return names.isEmpty()
                ? "none"
                : names.subList(0, shown) + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
    }

    private static ContractException refuse(String file, String what) {
        return new ContractException(file + ": " + what + "; not an xsdnn member graph: " + ONLY_XSDNN + ".");
    }
}
