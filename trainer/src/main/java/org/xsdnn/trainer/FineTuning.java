package org.xsdnn.trainer;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/**
 * Where a fine-tuned member starts: its parent network (a carbon member) with all but the last
 * {@code trainableLayers} layers frozen. "L trainable layers" are the output layer plus the last
 * L − 1 hidden blocks (physics.md, "Transfer learning").
 *
 * <p>The frozen layers keep the parent's weights and batch-norm statistics, so they are a fixed
 * map of the kinematics: they are folded ({@link NetworkWeights.Layer#folded()}) and applied once
 * to every point ({@link #frozenFeatures}); only the trainable part is in the optimizer's
 * parameter vector, so nothing can move a frozen weight, and an epoch costs what the trainable
 * layers cost.
 *
 * <p>The trainable hidden blocks start from the parent's folded weights with batch norm put back
 * in with γ = sqrt(var + ε) and β = mean of the block's input on the target's training points:
 * in training mode (batch statistics over the full training set) such a block computes exactly
 * what the parent's block computes, so epoch 0 is the parent scaled by A/12, the baseline. This
 * holds the same for a parent read from a training run (batch norm unfolded) and from a shipped
 * model file (batch norm folded).
 *
 * <p>With fixed statistics ({@link NetworkConfig#fixedStatistics()}) the trainable blocks keep the parent's
 * statistics instead: they start as the parent's folded weights with γ = 1 and β = 0, and nothing is normalized by
 * the target's points. Why that matters: a target's points span a narrow range of kinematics, so some of a block's
 * channels vary little over them, and batch norm over the target divides those channels by their small spread; a
 * small step in the weights then moves the network a lot between neighbouring points (BENCHMARKS.md §6 measures
 * what it does to held-out points).
 */
public final class FineTuning {
    private final List<NetworkWeights.Layer> frozen;
    private final List<NetworkWeights.Layer> trainable;
    private final NetworkWeights.Layer output;
    private final NetworkConfig trainableNetwork;

    private FineTuning(
            List<NetworkWeights.Layer> frozen,
            List<NetworkWeights.Layer> trainable,
            NetworkWeights.Layer output,
            NetworkConfig trainableNetwork) {
        this.frozen = frozen;
        this.trainable = trainable;
        this.output = output;
        this.trainableNetwork = trainableNetwork;
    }

    /**
     * @param parent the parent member, complete (as trained or as read from its file)
     * @param trainableLayers L, from 1 (output layer only) to the parent's hidden blocks + 1 (every layer)
     * @param batchNormEpsilon ε of the batch norm put back into the trainable hidden blocks
     * @param fixedStatistics the trainable blocks keep the parent's statistics instead of the target's batch's
     */
    public static FineTuning of(
            NetworkWeights parent, int trainableLayers, double batchNormEpsilon, boolean fixedStatistics) {
        int hidden = parent.hidden().size();
        if (trainableLayers < 1 || trainableLayers > hidden + 1) {
            throw new IllegalArgumentException("trainable layers = " + trainableLayers + "; the parent has " + hidden
                    + " hidden blocks and an output layer, so 1.." + (hidden + 1) + " can be trained");
        }
        if (parent.dropout() != 0) {
            throw new IllegalArgumentException("the parent was trained with dropout " + parent.dropout()
                    + "; fine-tuning starts from model-A members (no dropout)");
        }
        int firstTrainable = hidden - (trainableLayers - 1);
        List<NetworkWeights.Layer> folded =
                parent.hidden().stream().map(NetworkWeights.Layer::folded).toList();
        List<NetworkWeights.Layer> trainable = folded.subList(firstTrainable, hidden);
        int width = trainable.isEmpty()
                ? parent.output().inputs()
                : trainable.get(0).outputs();
        for (NetworkWeights.Layer layer : trainable) {
            if (layer.outputs() != width) {
                throw new IllegalArgumentException("the parent's trainable hidden blocks differ in width ("
                        + layer.outputs() + " and " + width + "); xsdnn trains blocks of one width");
            }
        }
        return new FineTuning(
                List.copyOf(folded.subList(0, firstTrainable)),
                List.copyOf(trainable),
                parent.output(),
                new NetworkConfig(trainable.size(), width, 0.0, batchNormEpsilon, fixedStatistics));
    }

    /** The trainable part: L − 1 hidden blocks and the output layer. */
    public NetworkConfig trainableNetwork() {
        return trainableNetwork;
    }

    /** The frozen layers, folded, exactly as every fine-tuned member of this parent has them. */
    public List<NetworkWeights.Layer> frozenLayers() {
        return frozen;
    }

    /** Layout of the trainable parameters (and one λ per normalization group). */
    public ParameterLayout layout(int groups) {
        int inputs = frozen.isEmpty()
                ? Kinematics.FEATURES
                : frozen.get(frozen.size() - 1).outputs();
        return new ParameterLayout(trainableNetwork, inputs, groups);
    }

    /** The frozen layers applied to kinematic features x [n, 5]: the input of the trainable part. */
    public INDArray frozenFeatures(INDArray x) {
        INDArray a = x;
        for (NetworkWeights.Layer layer : frozen) {
            a = Transforms.relu(dense(a, layer), false);
        }
        return a;
    }

    /**
     * The trainable part's starting parameters: the parent's weights, batch norm put back in from the
     * statistics of {@code trainFeatures} (the frozen layers' output on the training points), λ = 1.
     */
    public float[] initialParameters(ParameterLayout layout, INDArray trainFeatures) {
        INDArray parameters = Nd4j.zeros(DataType.FLOAT, layout.size());
        ParameterLayout.Views v = layout.views(parameters);
        INDArray a = trainFeatures.castTo(DataType.FLOAT);
        for (int l = 0; l < trainable.size(); l++) {
            NetworkWeights.Layer layer = trainable.get(l);
            v.kernel().get(l).assign(matrix(layer));
            v.bias().get(l).assign(Nd4j.createFromArray(layer.bias()));
            if (trainableNetwork.fixedStatistics()) {
                v.gamma().get(l).assign(1);
                v.beta().get(l).assign(0);
                continue;
            }
            INDArray z = dense(a, layer);
            INDArray mean = z.mean(0);
            INDArray variance = z.var(false, 0);
            v.gamma().get(l).assign(Transforms.sqrt(variance.addi(trainableNetwork.batchNormEpsilon()), false));
            v.beta().get(l).assign(mean);
            a = Transforms.relu(z, false);
        }
        v.outputKernel().assign(matrix(output));
        v.outputBias().assign(Nd4j.createFromArray(output.bias()));
        v.lambda().assign(1);
        return parameters.toFloatVector();
    }

    private static INDArray dense(INDArray a, NetworkWeights.Layer layer) {
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, a.size(0), layer.outputs());
        Nd4j.gemm(a.castTo(DataType.FLOAT), matrix(layer), z, false, false, 1.0, 0.0);
        return z.addiRowVector(Nd4j.createFromArray(layer.bias()));
    }

    private static INDArray matrix(NetworkWeights.Layer layer) {
        return Nd4j.createFromArray(layer.weight()).reshape('c', layer.inputs(), layer.outputs());
    }
}
