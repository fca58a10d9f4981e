package org.xsdnn.trainer;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/**
 * A trained network as a SameDiff inference graph (SameDiff's own batch-norm op in inference
 * mode): the framework's answer that every ONNX export is checked against.
 */
public final class SameDiffInference {
    private SameDiffInference() {}

    /** r for each row of the row-major [n, 5] features. */
    public static double[] predict(NetworkWeights weights, float[] features) {
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.placeHolder("x", DataType.FLOAT, -1, Kinematics.FEATURES);
        int l = 0;
        for (NetworkWeights.Layer layer : weights.hidden()) {
            SDVariable z =
                    a.mmul(sd.constant("kernel" + l, matrix(layer))).add(sd.constant("bias" + l, vector(layer.bias())));
            NetworkWeights.BatchNorm bn = layer.batchNorm();
            if (bn != null) {
                z = sd.nn()
                        .batchNorm(
                                z,
                                sd.constant("mean" + l, vector(bn.mean())),
                                sd.constant("variance" + l, vector(bn.variance())),
                                sd.constant("gamma" + l, vector(bn.gamma())),
                                sd.constant("beta" + l, vector(bn.beta())),
                                bn.epsilon(),
                                1);
            }
            a = sd.nn().relu(z, 0.0);
            l++;
        }
        NetworkWeights.Layer out = weights.output();
        SDVariable r = sd.nn()
                .sigmoid(
                        "r",
                        a.mmul(sd.constant("outputKernel", matrix(out)))
                                .add(sd.constant("outputBias", vector(out.bias()))));
        INDArray x = Nd4j.createFromArray(features).reshape(features.length / Kinematics.FEATURES, Kinematics.FEATURES);
        return sd.output(Map.of("x", x), r.name())
                .get(r.name())
                .castTo(DataType.DOUBLE)
                .data()
                .asDouble();
    }

    private static INDArray matrix(NetworkWeights.Layer layer) {
        return Nd4j.createFromArray(layer.weight()).reshape('c', layer.inputs(), layer.outputs());
    }

    private static INDArray vector(float[] values) {
        return Nd4j.createFromArray(values);
    }
}
