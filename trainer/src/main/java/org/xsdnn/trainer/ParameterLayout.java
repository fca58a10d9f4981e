package org.xsdnn.trainer;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/**
 * Where each parameter lives in one flat vector. Keeping all parameters (and gradients and
 * optimizer moments) in one contiguous array lets AdamW update everything with a handful of
 * vectorized operations instead of ~45 small ones per step.
 *
 * <p>Order: for each hidden layer W [in, width], b, γ, β; then output W [width, 1], b; then one λ
 * per normalization group. The first layer's inputs are the five kinematic features, or, for the
 * trainable part of a fine-tune, the output of the parent's frozen layers ({@link FineTuning}).
 */
public final class ParameterLayout {
    private final NetworkConfig network;
    private final int groups;
    private final int inputs;
    private final long[] weightOffset;
    private final long outputOffset;
    private final long lambdaOffset;
    private final long size;

    public ParameterLayout(NetworkConfig network, int groups) {
        this(network, Kinematics.FEATURES, groups);
    }

    /** @param inputs width of the network's input (5 kinematic features, or a frozen prefix's width) */
    public ParameterLayout(NetworkConfig network, int inputs, int groups) {
        this.network = network;
        this.groups = groups;
        this.inputs = inputs;
        int layers = network.hiddenLayers();
        int w = network.width();
        weightOffset = new long[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = off;
            off += (long) inputsOf(l) * w + 3L * w;
        }
        outputOffset = off;
        off += inputsOf(layers) + 1L;
        lambdaOffset = off;
        size = off + groups;
    }

    public NetworkConfig network() {
        return network;
    }

    public int groups() {
        return groups;
    }

    /** Total number of values, λ included. */
    public long size() {
        return size;
    }

    public long lambdaOffset() {
        return lambdaOffset;
    }

    /** Inputs of hidden layer {@code layer}; {@code layer == hiddenLayers} gives the output layer's. */
    int inputsOf(int layer) {
        return layer == 0 ? inputs : network.width();
    }

    /** Views into a flat vector of this layout; writes through the views change the vector. */
    public Views views(INDArray flat) {
        if (flat.length() != size) {
            throw new IllegalArgumentException("flat vector has " + flat.length() + " values; layout needs " + size);
        }
        int w = network.width();
        List<INDArray> kernel = new ArrayList<>();
        List<INDArray> bias = new ArrayList<>();
        List<INDArray> gamma = new ArrayList<>();
        List<INDArray> beta = new ArrayList<>();
        for (int l = 0; l < network.hiddenLayers(); l++) {
            long o = weightOffset[l];
            long k = (long) inputsOf(l) * w;
            kernel.add(range(flat, o, k).reshape('c', inputsOf(l), w));
            bias.add(range(flat, o + k, w));
            gamma.add(range(flat, o + k + w, w));
            beta.add(range(flat, o + k + 2L * w, w));
        }
        int last = inputsOf(network.hiddenLayers());
        INDArray outKernel = range(flat, outputOffset, last).reshape('c', last, 1);
        INDArray outBias = range(flat, outputOffset + last, 1);
        INDArray lambda = range(flat, lambdaOffset, groups);
        return new Views(kernel, bias, gamma, beta, outKernel, outBias, lambda);
    }

    /** Plain-array weights of a parameter vector of this layout with its inference statistics (null for fixed), for export. */
    public NetworkWeights weights(INDArray parameters, BatchNormStatistics statistics) {
        return weights(parameters, statistics, List.of());
    }

    /** @param frozen layers in front of these (a fine-tune's frozen layers), so the result starts at the kinematics */
    public NetworkWeights weights(
            INDArray parameters, BatchNormStatistics statistics, List<NetworkWeights.Layer> frozen) {
        Views v = views(parameters);
        List<NetworkWeights.Layer> hidden = new ArrayList<>(frozen);
        for (int l = 0; l < network.hiddenLayers(); l++) {
            float[] kernel = v.kernel().get(l).dup('c').data().asFloat();
            float[] bias = v.bias().get(l).toFloatVector();
            float[] gamma = v.gamma().get(l).toFloatVector();
            float[] beta = v.beta().get(l).toFloatVector();
            if (network.fixedStatistics()) { // y = γ (xW + b) + β: a plain dense layer
                int w = network.width();
                for (int i = 0; i < kernel.length; i++) {
                    kernel[i] *= gamma[i % w];
                }
                for (int j = 0; j < w; j++) {
                    bias[j] = gamma[j] * bias[j] + beta[j];
                }
                hidden.add(new NetworkWeights.Layer(inputsOf(l), w, kernel, bias, null));
                continue;
            }
            NetworkWeights.BatchNorm bn = new NetworkWeights.BatchNorm(
                    gamma, beta, statistics.mean()[l], statistics.variance()[l], network.batchNormEpsilon());
            hidden.add(new NetworkWeights.Layer(inputsOf(l), network.width(), kernel, bias, bn));
        }
        NetworkWeights.Layer output = new NetworkWeights.Layer(
                inputsOf(network.hiddenLayers()),
                1,
                v.outputKernel().dup('c').data().asFloat(),
                v.outputBias().toFloatVector(),
                null);
        return new NetworkWeights(hidden, output, network.dropout());
    }

    private static INDArray range(INDArray flat, long offset, long length) {
        return flat.get(NDArrayIndex.interval(offset, offset + length));
    }

    /** Named views of the parameters (or of gradients, moments: anything with this layout). */
    public record Views(
            List<INDArray> kernel,
            List<INDArray> bias,
            List<INDArray> gamma,
            List<INDArray> beta,
            INDArray outputKernel,
            INDArray outputBias,
            INDArray lambda) {}
}
