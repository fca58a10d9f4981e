package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.onnx.GraphProto;
import org.xsdnn.onnx.OnnxTensors;

/**
 * Writes one ensemble member as an ONNX model (IR version {@value #IR_VERSION}, opset {@value OnnxOperator#OPSET})
 * that meets contract {@value OnnxContract#ID}: input {@value OnnxContract#INPUT_NAME} float32 [N, 5], the scaled
 * vector {@value OnnxContract#INPUT_DESCRIPTION}; output {@value OnnxContract#OUTPUT_NAME} float32 [N, 1], the
 * sigmoid value r. Each hidden block is Gemm (batch norm folded in) → Relu; the output is Gemm, then the sigmoid.
 * Dropout is an identity at inference and is not exported. Equal inputs give byte-identical files.
 *
 * <p>The sigmoid is written as r = 1 / (1 + exp(−z)) (Neg, Exp, Add, Reciprocal), not as ONNX Sigmoid: ONNX
 * Runtime's CPU Sigmoid is accurate to about 6e-8 absolute, which at the r ≈ 1e-4–1e-2 of these models is
 * 1e-5–1e-4 relative (measured with 1.29: 3e-5 at r ≈ 2e-3), while this form keeps float32's relative precision
 * (measured: under 4e-7 relative against a double-precision forward pass). σ inherits r's relative error.
 */
public final class OnnxExporter {
    /** IR version 8 with opset 17, as in the published reference models, so whatever reads theirs reads ours. */
    public static final long IR_VERSION = 8;

    public static final String PRODUCER_NAME = "xsdnn";
    private static final String GRAPH_NAME = "xsdnn-member";
    private static final long FLOAT = org.xsdnn.onnx.TensorProto.DataType.FLOAT_VALUE;

    private OnnxExporter() {}

    /**
     * The serialized ONNX model of one member, output {@value OnnxContract#OUTPUT_NAME}.
     *
     * @param metadata written to {@code metadata_props} sorted by key; use the {@code xsdnn.*} keys of
     *     {@link org.xsdnn.core.MetadataKeys} (see {@link MemberMetadata})
     */
    public static byte[] memberGraph(NetworkWeights weights, Map<String, String> metadata) {
        return memberGraph(StoredNetwork.float32(weights), metadata);
    }

    /** As {@link #memberGraph(NetworkWeights, Map)} for a network stored as {@code stored} says. */
    public static byte[] memberGraph(StoredNetwork stored, Map<String, String> metadata) {
        return memberGraph(
                stored, metadata, OnnxContract.OUTPUT_NAME, "xsdnn ensemble member, contract " + OnnxContract.ID);
    }

    /**
     * The same member graph with another output name: the only difference between profiles that feed r to a
     * reader (xsdnn's {@value OnnxContract#OUTPUT_NAME}, NuWro's {@value OnnxContract#NUWRO_OUTPUT_NAME}).
     *
     * @param what first words of the file's doc_string, e.g. which contract the file meets
     */
    static byte[] memberGraph(StoredNetwork stored, Map<String, String> metadata, String outputName, String what) {
        String doc = what + ": input \"" + OnnxContract.INPUT_NAME + "\" float32 [N,5] "
                + OnnxContract.INPUT_DESCRIPTION + ", E and omega in GeV, theta in degrees; output \"" + outputName
                + "\" float32 [N,1]; " + OnnxContract.SIGMA_FORMULA + " in " + OnnxContract.UNITS + ".";
        return OnnxGraph.model(graph(stored, outputName), doc, metadata);
    }

    /** Writes {@link #memberGraph} to {@code file} atomically: a reader never sees a partial model. */
    public static void writeMember(NetworkWeights weights, Map<String, String> metadata, Path file) throws IOException {
        writeMember(StoredNetwork.float32(weights), metadata, file);
    }

    /** As {@link #writeMember(NetworkWeights, Map, Path)} for a network stored as {@code stored} says. */
    public static void writeMember(StoredNetwork stored, Map<String, String> metadata, Path file) throws IOException {
        AtomicFiles.write(file, memberGraph(stored, metadata));
    }

    /** The member graph alone; {@link MemberFileReader} rebuilds it to check that a file is exactly this graph. */
    static GraphProto graph(StoredNetwork stored, String outputName) {
        OnnxGraph graph = new OnnxGraph(GRAPH_NAME);
        graph.input(OnnxTensors.floatBatch(OnnxContract.INPUT_NAME, Kinematics.FEATURES));
        graph.output(OnnxTensors.floatBatch(outputName, 1));
        String x = OnnxContract.INPUT_NAME;
        List<NetworkWeights.Layer> hidden = stored.reference().hidden();
        for (int i = 0; i < hidden.size(); i++) {
            String prefix = "hidden." + i;
            String linear = dense(graph, prefix, hidden.get(i), stored.int16().get(i), x);
            x = graph.op(OnnxOperator.RELU, prefix + ".relu", List.of(linear));
        }
        sigmoid(graph, dense(graph, "output", stored.reference().output(), null, x), outputName);
        return graph.build();
    }

    /** output = 1 / (1 + exp(−z)): exp overflows to +inf for z &lt; −88, giving r = 0 as the limit requires. */
    private static void sigmoid(OnnxGraph graph, String z, String output) {
        String one = graph.floats("sigmoid.one", new float[] {1f});
        graph.op(OnnxOperator.NEG, "sigmoid.neg", List.of(z));
        graph.op(OnnxOperator.EXP, "sigmoid.exp", List.of("sigmoid.neg"));
        graph.op(OnnxOperator.ADD, "sigmoid.add", List.of("sigmoid.exp", one));
        graph.node(OnnxOperator.RECIPROCAL, "sigmoid.reciprocal", List.of("sigmoid.add"), output);
    }

    /**
     * Adds weight and bias initializers and a Gemm computing x·W + b; returns the Gemm's output name. An int16
     * kernel is cast to float32 and multiplied by its column scales first, so the Gemm computes in float32.
     */
    private static String dense(
            OnnxGraph graph, String prefix, NetworkWeights.Layer layer, StoredNetwork.Int16Layer int16, String x) {
        String weight;
        if (int16 != null) {
            String codes = graph.int16s(prefix + ".weight.codes", int16.codes(), layer.inputs(), layer.outputs());
            String scales = graph.floats(prefix + ".weight.scales", int16.scales(), layer.outputs());
            String cast = graph.op(
                    OnnxOperator.CAST,
                    prefix + ".weight.float",
                    List.of(codes),
                    OnnxOperator.intAttribute("to", FLOAT));
            weight = graph.op(OnnxOperator.MUL, prefix + ".weight", List.of(cast, scales));
        } else {
            weight = graph.floats(prefix + ".weight", layer.weight(), layer.inputs(), layer.outputs());
        }
        String bias = graph.floats(prefix + ".bias", layer.bias(), layer.outputs());
        return graph.node(OnnxOperator.GEMM, prefix + ".gemm", List.of(x, weight, bias), prefix + ".linear");
    }
}
