package org.xsdnn.exporter;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xsdnn.onnx.AttributeProto;
import org.xsdnn.onnx.GraphProto;
import org.xsdnn.onnx.ModelProto;
import org.xsdnn.onnx.OnnxTensors;
import org.xsdnn.onnx.OperatorSetIdProto;
import org.xsdnn.onnx.StringStringEntryProto;
import org.xsdnn.onnx.TensorProto;
import org.xsdnn.onnx.ValueInfoProto;

/**
 * Scopes the building of one ONNX graph: every value (input, initializer, node output) gets a name that must be
 * unique in the graph, as ONNX requires (static single assignment); a repeated name throws at once rather than
 * when ONNX Runtime loads the file.
 */
final class OnnxGraph {
    private final GraphProto.Builder graph;
    private final Set<String> values = new HashSet<>();
    private final Set<String> nodes = new HashSet<>();

    OnnxGraph(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    void input(ValueInfoProto input) {
        define(input.getName());
        graph.addInput(input);
    }

    /** Declares a graph output; some node must compute a value of that name. */
    void output(ValueInfoProto output) {
        graph.addOutput(output);
    }

    String initializer(TensorProto tensor) {
        define(tensor.getName());
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    String floats(String name, float[] values, long... dims) {
        return initializer(OnnxTensors.floatInitializer(name, values, dims));
    }

    String int16s(String name, short[] values, long... dims) {
        return initializer(OnnxTensors.int16Initializer(name, values, dims));
    }

    String doubles(String name, double[] values, long... dims) {
        return initializer(OnnxTensors.doubleInitializer(name, values, dims));
    }

    String int64s(String name, long[] values, long... dims) {
        return initializer(OnnxTensors.int64Initializer(name, values, dims));
    }

    /** Adds a node named {@code name}; returns its output's name. */
    String node(OnnxOperator op, String name, List<String> inputs, String output, AttributeProto... attributes) {
        return node(op, name, inputs, List.of(output), attributes).get(0);
    }

    /** Adds a node with several outputs; returns their names. */
    List<String> node(
            OnnxOperator op, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        for (String input : inputs) {
            if (!values.contains(input)) {
                throw new IllegalArgumentException(op.opType() + " node \"" + name + "\" reads \"" + input
                        + "\", which no input, initializer or earlier node defines");
            }
        }
        if (!nodes.add(name)) {
            throw new IllegalArgumentException("two nodes named \"" + name + "\"");
        }
        outputs.forEach(this::define);
        graph.addNode(op.node(name, inputs, outputs, attributes));
        return outputs;
    }

    /** A node whose name is its output's name, the common case. */
    String op(OnnxOperator op, String output, List<String> inputs, AttributeProto... attributes) {
        return node(op, output, inputs, output, attributes);
    }

    GraphProto build() {
        return graph.build();
    }

    /**
     * The serialized model: IR version {@value OnnxExporter#IR_VERSION}, opset {@value OnnxOperator#OPSET} of the
     * default domain, producer xsdnn and its version, metadata sorted by key (equal inputs give equal bytes).
     */
    static byte[] model(GraphProto graph, String docString, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(OnnxExporter.IR_VERSION)
                .setProducerName(OnnxExporter.PRODUCER_NAME)
                .setProducerVersion(ProducerVersion.get())
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxOperator.OPSET))
                .setGraph(graph);
        new TreeMap<>(metadata)
                .forEach((key, value) -> model.addMetadataProps(
                        StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build().toByteArray();
    }

    private void define(String name) {
        if (!values.add(name)) {
            throw new IllegalArgumentException("value \"" + name + "\" defined twice");
        }
    }
}
