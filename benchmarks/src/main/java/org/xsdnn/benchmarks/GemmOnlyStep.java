package org.xsdnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.trainer.NetworkConfig;

/**
 * The matrix products of one fused training step and nothing else: per hidden layer the forward product, the weight
 * gradient and the gradient of its input (none for the first layer), and the output layer's two. Same shapes as
 * {@link org.xsdnn.trainer.FusedEngine}, into buffers allocated once, so that the whole step's time minus this one's
 * is what batch norm, ReLU, the loss and their derivatives cost; with the engine's oneDNN products or with ND4J's
 * OpenBLAS, for the two side by side.
 */
final class GemmOnlyStep {
    /** c = op(a) · op(b). */
    @FunctionalInterface
    interface Product {
        void multiply(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB);

        Product OPENBLAS = (a, b, c, ta, tb) -> Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
    }

    private final Product product;
    private final List<INDArray> kernels = new ArrayList<>();
    private final List<INDArray> kernelGradients = new ArrayList<>();
    private final List<INDArray> activations = new ArrayList<>();
    private final INDArray outputKernel;
    private final INDArray outputGradient;
    private final INDArray output;
    private final INDArray delta;
    private final INDArray previousDelta;

    GemmOnlyStep(NetworkConfig network, INDArray x, Product product) {
        this.product = product;
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
            product.multiply(activations.get(l), kernels.get(l), activations.get(l + 1), false, false);
        }
        product.multiply(activations.get(layers), outputKernel, output, false, false);
        product.multiply(activations.get(layers), output, outputGradient, true, false);
        product.multiply(output, outputKernel, delta, false, true);
        for (int l = layers - 1; l >= 0; l--) {
            product.multiply(activations.get(l), delta, kernelGradients.get(l), true, false);
            if (l > 0) {
                product.multiply(delta, kernels.get(l), previousDelta, false, true);
            }
        }
    }
}
