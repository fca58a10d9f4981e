package org.xsdnn.trainer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the χ² loss of a batch and its gradient with respect to every parameter (flat layout of
 * {@link ParameterLayout}). Batch normalization runs in training mode (batch statistics).
 *
 * <p>Two implementations compute the same math: {@link SameDiffEngine}, the reference built from
 * SameDiff's automatic differentiation, and {@link FusedEngine}, a hand-derived backward pass on
 * preallocated buffers that is several times faster. A test keeps them equal.
 */
public interface GradientEngine extends AutoCloseable {
    /** Returns the loss; overwrites {@code gradient} with dLoss/dParameters. */
    double lossAndGradient(INDArray parameters, Batch batch, INDArray gradient);

    @Override
    default void close() {}
}
