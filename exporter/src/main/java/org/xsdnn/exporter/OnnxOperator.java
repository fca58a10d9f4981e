package org.xsdnn.exporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xsdnn.onnx.AttributeProto;
import org.xsdnn.onnx.NodeProto;

/**
 * The ONNX operators xsdnn graphs use, all from the default domain at opset {@value #OPSET}, with the number of
 * inputs each takes and the attributes it must carry. Semantics are ONNX's (https://onnx.ai/onnx/operators/, the
 * version in force at opset 17 named per constant); shapes broadcast like numpy where the operator says so.
 *
 * <p>Member graphs use Gemm, whose defaults (alpha = beta = 1, no transposes) are a dense layer y = x·W + b, and
 * Relu; Neg, Exp, Add and Reciprocal make the sigmoid (see {@link OnnxExporter}). The fused profiles
 * ({@link FusedEnsemble}, {@link McDropoutExport}) add the batched-matrix, shape, trigonometric, cast and
 * reduction operators.
 */
enum OnnxOperator {
    /** Gemm-13: Y = alpha·A'·B' + beta·C, C broadcast to [M, N]. */
    GEMM("Gemm", 3),
    /** Relu-14: max(0, x). */
    RELU("Relu", 1),
    /** Neg-13: −x. */
    NEG("Neg", 1),
    /** Exp-13: eˣ. */
    EXP("Exp", 1),
    /** Add-14, Sub-14, Mul-14, Div-14: element-wise with multidirectional (numpy) broadcasting. */
    ADD("Add", 2),
    SUB("Sub", 2),
    MUL("Mul", 2),
    DIV("Div", 2),
    /** Reciprocal-13: 1/x. */
    RECIPROCAL("Reciprocal", 1),
    /** Sqrt-13. */
    SQRT("Sqrt", 1),
    /** Sin-7, Cos-7: of radians; ONNX Runtime's CPU kernels take float and double. */
    SIN("Sin", 1),
    COS("Cos", 1),
    /**
     * MatMul-13: numpy.matmul semantics; with rank-3 A [B, N, K] and B [B, K, L] it is B independent matrix
     * products (batched), and a rank-2 B broadcasts over A's leading dimension.
     */
    MATMUL("MatMul", 2),
    /** Cast-13: attribute {@code to} is a TensorProto.DataType number (1 float, 11 double). */
    CAST("Cast", 1, "to"),
    /** Reshape-14: second input is the int64 target shape; 0 copies the input dimension, −1 is inferred. */
    RESHAPE("Reshape", 2),
    /** Transpose-13: attribute {@code perm} permutes the axes. */
    TRANSPOSE("Transpose", 1, "perm"),
    /** Unsqueeze-13 and Squeeze-13: the axes are a second, int64 input (no longer an attribute since opset 13). */
    UNSQUEEZE("Unsqueeze", 2),
    SQUEEZE("Squeeze", 2),
    /**
     * Split-13: cuts the input along attribute {@code axis} into as many outputs as the node names, of the sizes
     * given by the optional int64 second input (opset 18 added the num_outputs attribute; not used here).
     */
    SPLIT("Split", 2, "axis"),
    /** Concat-13: any number (≥ 1) of inputs joined along attribute {@code axis}. */
    CONCAT("Concat", -1 /* VARIADIC */, "axis"),
    /**
     * ReduceMean-13 (in force through opset 17; opset 18 moved axes to an input): attributes {@code axes} and
     * {@code keepdims} (default 1; we always set it).
     */
    REDUCE_MEAN("ReduceMean", 1, "axes", "keepdims");

    /** The opset every operator here is read against. */
    static final int OPSET = 17;

    private final String opType;
    private final int inputs;
    private final Set<String> requiredAttributes;

    OnnxOperator(String opType, int inputs, String... requiredAttributes) {
        this.opType = opType;
        this.inputs = inputs;
        this.requiredAttributes = new TreeSet<>(List.of(requiredAttributes));
    }

    /** Marks an operator that takes any number of inputs, at least one. */
    private static final int VARIADIC = -1;

    String opType() {
        return opType;
    }

    /** A node named {@code name} computing {@code output} from {@code inputs}. */
    NodeProto node(String name, List<String> inputNames, String output, AttributeProto... attributes) {
        return node(name, inputNames, List.of(output), attributes);
    }

    /** A node with several outputs (Split). */
    NodeProto node(String name, List<String> inputNames, List<String> outputs, AttributeProto... attributes) {
        if (inputs == VARIADIC ? inputNames.isEmpty() : inputNames.size() != inputs) {
            throw new IllegalArgumentException(opType + " takes " + (inputs == VARIADIC ? "at least 1" : inputs)
                    + " inputs; received " + inputNames.size() + " " + inputNames);
        }
        Set<String> received = new TreeSet<>();
        for (AttributeProto a : attributes) {
            received.add(a.getName());
        }
        if (!received.containsAll(requiredAttributes)) {
            throw new IllegalArgumentException(
                    opType + " needs attributes " + requiredAttributes + "; received " + received);
        }
        return NodeProto.newBuilder()
                .setName(name)
                .setOpType(opType)
                .addAllInput(inputNames)
                .addAllOutput(outputs)
                .addAllAttribute(new ArrayList<>(List.of(attributes)))
                .build();
    }

    /** An INT attribute (AttributeProto field i, type INT). */
    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    /** An INTS attribute (AttributeProto field ints, type INTS). */
    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
