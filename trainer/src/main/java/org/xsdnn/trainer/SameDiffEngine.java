package org.xsdnn.trainer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference gradient engine: the network and the χ² written as a SameDiff graph and
 * differentiated by SameDiff. Slow, but its gradients come from automatic differentiation, so
 * it checks the hand-derived {@link FusedEngine}.
 *
 * <p>Workarounds for SameDiff 1.0.0-M2.1, measured: batch normalization is built from mean and
 * variance ops (there is no training-mode batch-norm op); λ per point is a one-hot matrix product
 * (the gradient of gather is pathologically slow); dropout masks are placeholders made on the
 * host (the dropout ops have no gradient).
 */
public final class SameDiffEngine implements GradientEngine {
    private final ParameterLayout layout;
    private final SameDiff sd;
    private final List<String> variables = new ArrayList<>();
    private final Map<String, INDArray> gradientViews = new HashMap<>();
    private boolean gradientGraphBuilt;

    public SameDiffEngine(ParameterLayout layout, DataType type) {
        this.layout = layout;
        this.sd = SameDiff.create();
        NetworkConfig net = layout.network();
        int w = net.width();
        int k = layout.groups();
        SDVariable a = sd.placeHolder("x", type, -1, layout.inputsOf(0));
        for (int l = 0; l < net.hiddenLayers(); l++) {
            SDVariable kernel = variable("kernel" + l, type, layout.inputsOf(l), w);
            SDVariable bias = variable("bias" + l, type, w);
            SDVariable gamma = variable("gamma" + l, type, w);
            SDVariable beta = variable("beta" + l, type, w);
            SDVariable z = a.mmul(kernel).add(bias);
            SDVariable normalized = z;
            if (!net.fixedStatistics()) {
                SDVariable centered = z.sub(z.mean(true, 0));
                SDVariable variance = centered.mul(centered).mean(true, 0);
                normalized = centered.div(sd.math().sqrt(variance.add(net.batchNormEpsilon())));
            }
            a = sd.nn().relu(normalized.mul(gamma).add(beta), 0.0);
            if (net.dropout() > 0) {
                a = a.mul(sd.placeHolder("mask" + l, type, -1, w));
            }
        }
        SDVariable r = sd.nn()
                .sigmoid(a.mmul(variable("outputKernel", type, layout.inputsOf(net.hiddenLayers()), 1))
                        .add(variable("outputBias", type, 1)));
        SDVariable lambda = variable("lambda", type, k, 1);
        SDVariable y = sd.placeHolder("y", type, -1, 1);
        SDVariable error = sd.placeHolder("error", type, -1, 1);
        SDVariable oneHot = sd.placeHolder("groups", type, -1, k);
        SDVariable uncertainty = sd.placeHolder("uncertainty", type, k, 1);
        SDVariable dataScale = sd.placeHolder("dataScale", type);
        SDVariable pull = y.sub(oneHot.mmul(lambda).mul(r)).div(error);
        SDVariable prior = lambda.rsub(1.0).div(uncertainty);
        SDVariable loss = pull.mul(pull)
                .sum()
                .mul(dataScale)
                .add(prior.mul(prior).sum())
                .mul(0.5)
                .rename("loss");
        sd.setLossVariables(loss);
    }

    private SDVariable variable(String name, DataType type, long... shape) {
        variables.add(name);
        return sd.var(name, Nd4j.zeros(type, shape));
    }

    @Override
    public double lossAndGradient(INDArray parameters, Batch batch, INDArray gradient) {
        if (batch.objective() != Batch.Objective.CHI2) {
            // The reference exists to check the χ² backward pass; the shape loss differs only in dLoss/dr,
            // which GradientEnginesTest checks against finite differences.
            throw new IllegalArgumentException(
                    "the SameDiff reference builds the χ² graph only; got " + batch.objective());
        }
        DataType type = parameters.dataType();
        ParameterLayout.Views p = layout.views(parameters);
        forEach(
                p,
                (name, view) -> sd.getArrForVarName(name)
                        .assign(view.reshape(sd.getArrForVarName(name).shape())));
        Map<String, INDArray> feed = new HashMap<>();
        int b = batch.size();
        feed.put("x", batch.x());
        feed.put("y", Nd4j.createFromArray(batch.y()).castTo(type).reshape(b, 1));
        feed.put("error", Nd4j.createFromArray(batch.error()).castTo(type).reshape(b, 1));
        INDArray oneHot = Nd4j.zeros(type, b, layout.groups());
        for (int i = 0; i < b; i++) {
            oneHot.putScalar(i, batch.group()[i], 1.0);
        }
        feed.put("groups", oneHot);
        feed.put(
                "uncertainty",
                Nd4j.createFromArray(batch.groupUncertainty()).castTo(type).reshape(layout.groups(), 1));
        feed.put("dataScale", Nd4j.scalar(type, batch.dataScale()));
        for (int l = 0; l < batch.dropoutMasks().size(); l++) {
            feed.put("mask" + l, batch.dropoutMasks().get(l));
        }
        Map<String, INDArray> grads = gradientsQuietly(feed);
        ParameterLayout.Views g = layout.views(gradient);
        forEach(g, (name, view) -> view.assign(grads.get(name).reshape(view.shape())));
        return sd.output(feed, "loss").get("loss").getDouble(0);
    }

    /**
     * SameDiff prints about 150 lines to standard output while it builds the gradient graph on
     * the first call; the user must not see them.
     */
    private Map<String, INDArray> gradientsQuietly(Map<String, INDArray> feed) {
        if (gradientGraphBuilt) {
            return sd.calculateGradients(feed, variables);
        }
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return sd.calculateGradients(feed, variables);
        } finally {
            System.setOut(out);
            gradientGraphBuilt = true;
        }
    }

    private void forEach(ParameterLayout.Views v, java.util.function.BiConsumer<String, INDArray> action) {
        for (int l = 0; l < layout.network().hiddenLayers(); l++) {
            action.accept("kernel" + l, v.kernel().get(l));
            action.accept("bias" + l, v.bias().get(l));
            action.accept("gamma" + l, v.gamma().get(l));
            action.accept("beta" + l, v.beta().get(l));
        }
        action.accept("outputKernel", v.outputKernel());
        action.accept("outputBias", v.outputBias());
        action.accept("lambda", v.lambda());
    }
}
