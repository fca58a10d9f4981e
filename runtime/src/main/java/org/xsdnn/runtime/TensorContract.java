package org.xsdnn.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.OnnxContract;

/**
 * Checks once, on open, that a session reads float32 [N, 5] from {@value OnnxContract#INPUT_NAME} and writes
 * float32 [N, 1] to the expected output, so that scoring never meets a shape surprise.
 */
final class TensorContract {
    private static final String REMEDY = " Re-export with xsdnn export.";
    private static final String EXPECTS = "; contract " + OnnxContract.ID + " expects ";

    private TensorContract() {}

    static void check(String fileName, OrtSession session, String outputName) throws OrtException, ContractException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo input = inputs.get(OnnxContract.INPUT_NAME);
        if (inputs.size() != 1 || input == null) {
            throw new ContractException(fileName + ": inputs are " + describe(inputs) + EXPECTS + "one input \""
                    + OnnxContract.INPUT_NAME + "\" float32 [N," + Kinematics.FEATURES + "] "
                    + OnnxContract.INPUT_DESCRIPTION + "." + REMEDY);
        }
        if (!isFloatBatchOf(input, Kinematics.FEATURES)) {
            throw new ContractException(fileName + ": input \"" + OnnxContract.INPUT_NAME + "\" is " + describe(input)
                    + EXPECTS + "[N," + Kinematics.FEATURES + "] " + OnnxContract.INPUT_DESCRIPTION + "." + REMEDY);
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo output = outputs.get(outputName);
        if (output == null) {
            throw new ContractException(fileName + ": outputs are " + describe(outputs) + EXPECTS + "an output \""
                    + outputName + "\" float32 [N,1] (r, the sigmoid value)." + REMEDY);
        }
        if (!isFloatBatchOf(output, 1)) {
            throw new ContractException(fileName + ": output \"" + outputName + "\" is " + describe(output) + EXPECTS
                    + "[N,1] (r, the sigmoid value)." + REMEDY);
        }
    }

    /** float32 [N, width] with a free batch dimension. */
    private static boolean isFloatBatchOf(NodeInfo node, int width) {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            return false;
        }
        long[] shape = tensor.getShape();
        return tensor.onnxType == TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT
                && shape.length == 2
                && shape[0] < 0
                && shape[1] == width;
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        List<String> parts = new ArrayList<>();
        nodes.forEach((name, node) -> parts.add("\"" + name + "\" " + describe(node)));
        return parts.toString();
    }

    /** e.g. {@code float32 [N,4]}: dynamic dimensions show their symbolic name, or ? when unnamed. */
    private static String describe(NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            return node.getInfo().toString();
        }
        long[] shape = tensor.getShape();
        String[] names = tensor.getDimensionNames();
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0) {
                dims.add(Long.toString(shape[i]));
            } else {
                dims.add(names != null && i < names.length && !names[i].isEmpty() ? names[i] : "?");
            }
        }
        return typeName(tensor.onnxType) + " [" + String.join(",", dims) + "]";
    }

    private static String typeName(TensorInfo.OnnxTensorType type) {
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> "float32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> "float64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> "float16";
            default -> type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(Locale.ROOT);
        };
    }
}
