package org.xsdnn.trainer;

import java.util.List;
import org.xsdnn.core.NetworkWeights;

/**
 * A trained member: its best held-out state with batch-norm statistics from its training set.
 *
 * @param lambdas fitted λ per normalization group, in group order
 * @param bestEpoch epoch (1-based count of epochs done) of the best held-out χ²/N
 * @param untouchedChi2PerPoint χ²/N of the untouched points at the best state (NaN without them)
 * @param restarts how often the divergence guard restored the best state
 */
public record MemberResult(
        int member,
        NetworkWeights weights,
        double[] lambdas,
        double heldOutChi2PerPoint,
        double untouchedChi2PerPoint,
        int bestEpoch,
        int epochsDone,
        int restarts,
        double seconds,
        List<LearningCurve.Point> curve) {}
