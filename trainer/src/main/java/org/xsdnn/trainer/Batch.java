package org.xsdnn.trainer;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimization step's points.
 *
 * @param x features [B, 5]
 * @param groupUncertainty Δλ of every normalization group (fractions)
 * @param dataScale N/B (see {@link Chi2})
 * @param dropoutMasks one [B, width] mask per hidden layer with values 0 or 1/(1−p), made on the
 *     host (SameDiff's dropout ops have no gradient in 1.0.0-M2.1); empty when p = 0
 * @param objective which loss the step minimizes
 */
public record Batch(
        INDArray x,
        double[] y,
        double[] error,
        int[] group,
        double[] groupUncertainty,
        double dataScale,
        List<INDArray> dropoutMasks,
        Objective objective) {
    /** The loss of a step. */
    public enum Objective {
        /** χ² with fitted normalizations ({@link Chi2}). */
        CHI2,
        /** The shape phase's log-σ loss with λ held at 1 ({@link LogShapeLoss}). */
        LOG_SHAPE
    }

    public Batch {
        dropoutMasks = List.copyOf(dropoutMasks);
    }

    /** A χ² batch. */
    public Batch(
            INDArray x,
            double[] y,
            double[] error,
            int[] group,
            double[] groupUncertainty,
            double dataScale,
            List<INDArray> dropoutMasks) {
        this(x, y, error, group, groupUncertainty, dataScale, dropoutMasks, Objective.CHI2);
    }

    public int size() {
        return y.length;
    }
}
