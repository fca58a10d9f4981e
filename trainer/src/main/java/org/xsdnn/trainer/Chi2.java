package org.xsdnn.trainer;

/**
 * The χ² of physics.md with fitted normalizations (D'Agostini):
 * χ² = Σ_k [ ½ Σ_{i∈k} ((y_i − λ_k r_i)/e_i)² + ½ ((1 − λ_k)/Δλ_k)² ],
 * evaluated in reduced units (y = σ/S, e = Δσ/S, r = network output), where it equals the χ² in
 * cross-section units.
 *
 * <p>For a mini-batch of B of the N training points the data term is scaled by N/B, so that its
 * expectation is the full χ² and the prior on λ keeps its weight whatever the batch size.
 */
public final class Chi2 {
    private Chi2() {}

    /**
     * Loss of a batch, and its derivatives with respect to r (written to {@code dLossDr}) and to
     * λ (added to {@code dLossDLambda}).
     *
     * @param dataScale N/B for a mini-batch, 1 for the full set
     */
    public static double lossAndGradient(
            double[] r,
            double[] y,
            double[] error,
            int[] group,
            double[] lambda,
            double[] groupUncertainty,
            double dataScale,
            double[] dLossDr,
            double[] dLossDLambda) {
        double data = 0;
        for (int i = 0; i < r.length; i++) {
            int k = group[i];
            double inv = 1.0 / (error[i] * error[i]);
            double residual = y[i] - lambda[k] * r[i];
            data += residual * residual * inv;
            dLossDr[i] = -dataScale * lambda[k] * residual * inv;
            dLossDLambda[k] += -dataScale * r[i] * residual * inv;
        }
        double prior = 0;
        for (int k = 0; k < lambda.length; k++) {
            double d = (1.0 - lambda[k]) / groupUncertainty[k];
            prior += d * d;
            dLossDLambda[k] += -(1.0 - lambda[k]) / (groupUncertainty[k] * groupUncertainty[k]);
        }
        return 0.5 * dataScale * data + 0.5 * prior;
    }

    /**
     * Held-out χ²/N: Σ_i ((y_i − λ_k r_i)/e_i)² plus ((1 − λ_k)/Δλ_k)² for each group present in
     * the held-out points, divided by the number of points (no ½: the usual χ²/N with
     * the normalization term included, as in the TL study's tables).
     */
    public static double perPoint(
            double[] r, double[] y, double[] error, int[] group, double[] lambda, double[] groupUncertainty) {
        double sum = 0;
        boolean[] present = new boolean[lambda.length];
        for (int i = 0; i < r.length; i++) {
            int k = group[i];
            present[k] = true;
            double d = (y[i] - lambda[k] * r[i]) / error[i];
            sum += d * d;
        }
        for (int k = 0; k < lambda.length; k++) {
            if (present[k]) {
                double d = (1.0 - lambda[k]) / groupUncertainty[k];
                sum += d * d;
            }
        }
        return sum / r.length;
    }
}
