package org.xsdnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.trainer.NetworkConfig;

/**
 * The matrix products of one fused training step and nothing else: per hidden layer the forward product, the weight
 * gradient and the gradient of its input (none for the first layer), and the output layer's two. Same shapes and
 * the same BLAS calls as {@link org.xsdnn.trainer.FusedEngine}, into buffers allocated once, so that the whole
 * step's time minus this one's is what batch norm, ReLU, the loss and their derivatives cost.
 */
final class GemmOnlyStep {
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> kernelGradients = new ArrayList<>();
    private final List<INDArray> activations = new ArrayList<>();
    private final INDArray outputKernel;
    private final INDArray outputGradient;
    private final INDArray output;
    private final INDArray delta;
    private final INDArray previousDelta;

    GemmOnlyStep(NetworkConfig network, INDArray x) {
        long n = x.size(0);
        int width = network.width();
        activations.add(x);
        long inputs = x.size(1);
        for (int l = 0; l < network.hiddenLayers(); l++) {
            kernels.add(Nd4j.rand(DataType.FLOAT, inputs, width));
            kernelGradients.add(Nd4j.zeros(DataType.FLOAT, inputs, width));
            activations.add(Nd4j.rand(DataType.FLOAT, n, width));
            inputs = width;
        }
        outputKernel = Nd4j.rand(DataType.FLOAT, width, 1);
        outputGradient = Nd4j.zeros(DataType.FLOAT, width, 1);
        output = Nd4j.zeros(DataType.FLOAT, n, 1);
        delta = Nd4j.rand(DataType.FLOAT, n, width);
        previousDelta = Nd4j.zeros(DataType.FLOAT, n, width);
    }

    void run() {
        int layers = kernels.size();
        for (int l = 0; l < layers; l++) {
            Nd4j.gemm(activations.get(l), kernels.get(l), activations.get(l + 1), false, false, 1.0, 0.0);
        }
        Nd4j.gemm(activations.get(layers), outputKernel, output, false, false, 1.0, 0.0);
        Nd4j.gemm(activations.get(layers), output, outputGradient, true, false, 1.0, 0.0);
        Nd4j.gemm(output, outputKernel, delta, false, true, 1.0, 0.0);
        for (int l = layers - 1; l >= 0; l--) {
            Nd4j.gemm(activations.get(l), delta, kernelGradients.get(l), true, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(delta, kernels.get(l), previousDelta, false, true, 1.0, 0.0);
            }
        }
    }
}
