package org.xsdnn.trainer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdamW (Loshchilov and Hutter, arXiv:1711.05101): Adam with decoupled weight decay,
 * θ ← θ − η (m̂ / (sqrt(v̂) + ε) + wd · mask · θ), as Keras' AdamW applies it. Operates on the whole
 * flat parameter vector at once; the state (moments, step count) is what a checkpoint saves.
 */
public final class AdamW {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final INDArray decayMask;
    private final INDArray m;
    private final INDArray v;
    private long step;

    public AdamW(OptimizerConfig config, INDArray decayMask) {
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
        this.decayMask = decayMask;
        this.m = Nd4j.zeros(decayMask.dataType(), decayMask.length());
        this.v = Nd4j.zeros(decayMask.dataType(), decayMask.length());
    }

    /** One update with learning rate {@code learningRate}; {@code gradient} is used as scratch space. */
    public void update(INDArray parameters, INDArray gradient, double learningRate) {
        step++;
        m.muli(beta1).addi(gradient.mul(1.0 - beta1));
        gradient.muli(gradient).muli(1.0 - beta2);
        v.muli(beta2).addi(gradient);
        double correction1 = 1.0 - Math.pow(beta1, step);
        double correction2 = 1.0 - Math.pow(beta2, step);
        // θ -= η wd mask θ, before the Adam step (decoupled from the gradient)
        if (weightDecay > 0) {
            parameters.subi(parameters.mul(decayMask).muli(learningRate * weightDecay));
        }
        INDArray denominator = Transforms.sqrt(v.div(correction2), false).addi(epsilon);
        parameters.subi(m.div(denominator).muli(learningRate / correction1));
    }

    public long step() {
        return step;
    }

    INDArray firstMoment() {
        return m;
    }

    INDArray secondMoment() {
        return v;
    }

    /** Restores the state saved by a checkpoint. */
    void restore(float[] firstMoment, float[] secondMoment, long steps) {
        m.assign(Nd4j.createFromArray(firstMoment).castTo(m.dataType()));
        v.assign(Nd4j.createFromArray(secondMoment).castTo(v.dataType()));
        this.step = steps;
    }
}
