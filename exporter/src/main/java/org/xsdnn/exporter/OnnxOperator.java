package org.xsdnn.exporter;

import java.util.List;
import org.xsdnn.exporter.onnx.NodeProto;

/**
 * The ONNX operators an xsdnn member graph uses, all from the default domain at opset {@value #OPSET}, with
 * the number of inputs each takes. Gemm's attribute defaults (alpha = beta = 1, no transposes) are what a
 * dense layer y = x·W + b needs, so no node carries attributes. Neg, Exp, Add and Reciprocal make the sigmoid
 * (see {@link OnnxExporter}).
 */
enum OnnxOperator {
    GEMM("Gemm", 3),
    RELU("Relu", 1),
    NEG("Neg", 1),
    EXP("Exp", 1),
    ADD("Add", 2),
    RECIPROCAL("Reciprocal", 1);

    /** The opset every operator here is read against. */
    static final int OPSET = 17;

    private final String opType;
    private final int inputs;

    OnnxOperator(String opType, int inputs) {
        this.opType = opType;
        this.inputs = inputs;
    }

    /** A node named {@code name} computing {@code output} from {@code inputs}. */
    NodeProto node(String name, List<String> inputNames, String output) {
        if (inputNames.size() != inputs) {
            throw new IllegalArgumentException(opType + " takes " + inputs + " inputs; received " + inputNames.size()
                    + " " + inputNames);
        }
        return NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(inputNames).addOutput(output).build();
    }
}
