package org.xsdnn.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.BitSet;

/**
 * The one quality measure of xsdnn models: the ensemble-mean prediction f (un-rescaled σ, nb/(sr·GeV)) against
 * the data, with one normalization λ_k per group profiled in closed form,
 * <pre>
 *   λ_k = (Σ_i σ_i f_i/Δσ_i² + 1/Δλ_k²) / (Σ_i f_i²/Δσ_i² + 1/Δλ_k²),
 *   χ²  = Σ_i ((σ_i − λ_k f_i)/Δσ_i)² + Σ_k ((1 − λ_k)/Δλ_k)²,
 * </pre>
 * the minimum over λ of the training loss (without its ½). A point is within nσ when
 * |σ_i − λ_k f_i| ≤ n·√(Δσ_i² + (λ_k·sd_i)²): data and ensemble spread combined. The mean relative spread
 * averages sd_i/f_i over all points, counting 0 where f_i = 0.
 *
 * <p>Immutable; arrays handed in are not kept.
 */
public final class Measure {
    private final int[] group;
    private final double[] lambda;
    private final double[] penalty;
    private final double[] residual;
    private final double[] residualLambda1;
    private final double[] coverageRatio;
    private final double[] relativeSpread;

    private Measure(
            int[] group,
            double[] lambda,
            double[] penalty,
            double[] residual,
            double[] residualLambda1,
            double[] coverageRatio,
            double[] relativeSpread) {
        this.group = group;
        this.lambda = lambda;
        this.penalty = penalty;
        this.residual = residual;
        this.residualLambda1 = residualLambda1;
        this.coverageRatio = coverageRatio;
        this.relativeSpread = relativeSpread;
    }

    /**
     * Profiles λ and evaluates every point.
     *
     * @param sigma measured σ_i; @param error Δσ_i (> 0); @param group normalization group index of point i
     * @param deltaLambda Δλ_k per group (fraction, > 0); @param mean f_i, the ensemble mean
     * @param spread sd_i, the population standard deviation over members
     */
    public static Measure of(
            double[] sigma, double[] error, int[] group, double[] deltaLambda, double[] mean, double[] spread) {
        int n = sigma.length;
        if (error.length != n || group.length != n || mean.length != n || spread.length != n) {
            throw new IllegalArgumentException("sigma, error, group, mean and spread must have the same length; got "
                    + n + ", " + error.length + ", " + group.length + ", " + mean.length + ", " + spread.length);
        }
        int groups = deltaLambda.length;
        double[] numerator = new double[groups];
        double[] denominator = new double[groups];
        for (int k = 0; k < groups; k++) {
            numerator[k] = 1 / (deltaLambda[k] * deltaLambda[k]);
            denominator[k] = numerator[k];
        }
        for (int i = 0; i < n; i++) {
            double w = 1 / (error[i] * error[i]);
            numerator[group[i]] += sigma[i] * mean[i] * w;
            denominator[group[i]] += mean[i] * mean[i] * w;
        }
        double[] lambda = new double[groups];
        double[] penalty = new double[groups];
        for (int k = 0; k < groups; k++) {
            lambda[k] = numerator[k] / denominator[k];
            double pull = (1 - lambda[k]) / deltaLambda[k];
            penalty[k] = pull * pull;
        }
        double[] residual = new double[n];
        double[] residualLambda1 = new double[n];
        double[] coverageRatio = new double[n];
        double[] relativeSpread = new double[n];
        for (int i = 0; i < n; i++) {
            double l = lambda[group[i]];
            double d = sigma[i] - l * mean[i];
            residual[i] = d / error[i];
            residualLambda1[i] = (sigma[i] - mean[i]) / error[i];
            double s = l * spread[i];
            coverageRatio[i] = Math.abs(d) / Math.sqrt(error[i] * error[i] + s * s);
            // σ ≥ 0 for every member, so f_i = 0 means all members give 0 (float32 r underflows far in the
            // tails): no spread there, rather than 0/0.
            relativeSpread[i] = mean[i] == 0 ? 0 : spread[i] / mean[i];
        }
        return new Measure(group.clone(), lambda, penalty, residual, residualLambda1, coverageRatio, relativeSpread);
    }

    /** Fitted λ of group k. */
    public double lambda(int k) {
        return lambda[k];
    }

    /** Penalty ((1 − λ_k)/Δλ_k)² of group k; its square root is the pull's size. */
    public double penalty(int k) {
        return penalty[k];
    }

    /** (σ_i − λ_k f_i)/Δσ_i: what the residual strip under each spectrum shows. */
    public double residual(int i) {
        return residual[i];
    }

    /**
     * Figures over the points {@code indices}. With {@code penalties}, the χ² includes the penalty of every group
     * that has a point among them (as for all points, or one experiment); without, data terms only (as for a
     * split or a spectrum, whose groups extend beyond them). χ²/N with λ = 1 never has a penalty (it is 0 there).
     */
    public Figures figures(int[] indices, boolean penalties) {
        int n = indices.length;
        double chi2 = 0;
        double chi2Lambda1 = 0;
        double spread = 0;
        int within1 = 0;
        int within2 = 0;
        BitSet present = new BitSet();
        for (int i : indices) {
            chi2 += residual[i] * residual[i];
            chi2Lambda1 += residualLambda1[i] * residualLambda1[i];
            spread += relativeSpread[i];
            within1 += coverageRatio[i] <= 1 ? 1 : 0;
            within2 += coverageRatio[i] <= 2 ? 1 : 0;
            present.set(group[i]);
        }
        if (penalties) {
            for (int k = present.nextSetBit(0); k >= 0; k = present.nextSetBit(k + 1)) {
                chi2 += penalty[k];
            }
        }
        return new Figures(n, chi2 / n, chi2Lambda1 / n, spread / n, (double) within1 / n, (double) within2 / n);
    }

    /**
     * Headline figures of a set of points.
     *
     * @param points N
     * @param chi2PerPoint χ²/N with the profiled λ (penalties included where the set has them)
     * @param chi2PerPointLambda1 χ²/N of the un-rescaled mean (λ = 1)
     * @param meanRelativeSpread mean over points of sd_i/f_i
     * @param within1Sigma fraction of points within 1σ of data and spread combined
     * @param within2Sigma the same within 2σ
     */
    public record Figures(
            int points,
            double chi2PerPoint,
            double chi2PerPointLambda1,
            double meanRelativeSpread,
            @JsonProperty("within-1-sigma") double within1Sigma,
            @JsonProperty("within-2-sigma") double within2Sigma) {}
}
