package org.xsdnn.runtime.table;

/**
 * How far trilinear interpolation of a table lies from the model itself, as relative errors |table − model| / model of
 * σ mean. Measured at the midpoints of a sample of the wholly physical cells (all eight corners with ω &lt; E), and
 * separately at the midpoints of their edges along each axis, where only that axis's step contributes.
 * Points where the model's σ mean is at most {@link #thresholdSigma} are left out, to avoid dividing by ~0.
 *
 * @param method what was compared, in words
 * @param physicalCells number of wholly physical cells in the table
 * @param cellsSampled cells whose midpoints were evaluated (all of them when the table has no more than asked for)
 * @param seed seed of the sample
 * @param thresholdFraction the cut as a fraction of the table's largest σ mean (1e-6)
 * @param thresholdSigma the cut in nb/(sr GeV)
 * @param midpoints at cell centres
 * @param alongEnergy at the midpoints of cell edges along E (θ and ω on nodes)
 * @param alongTheta at the midpoints of cell edges along θ
 * @param alongOmega at the midpoints of cell edges along ω
 */
public record InterpolationError(
        String method,
        long physicalCells,
        int cellsSampled,
        long seed,
        double thresholdFraction,
        double thresholdSigma,
        Stats midpoints,
        Stats alongEnergy,
        Stats alongTheta,
        Stats alongOmega) {

    /**
     * Relative errors over the points compared; the figures are null when no point was compared.
     *
     * @param worstPoint (E [GeV], θ [deg], ω [GeV], model σ, table σ) where the largest error occurred; null when none
     */
    public record Stats(
            int pointsCompared, Double maxRelative, Double medianRelative, Double p95Relative, double[] worstPoint) {
        @Override
        public String toString() {
            return "Stats[pointsCompared=" + pointsCompared + ", maxRelative=" + maxRelative + ", medianRelative="
                    + medianRelative + ", p95Relative=" + p95Relative + ", worstPoint="
                    + java.util.Arrays.toString(worstPoint) + "]";
        }
    }
}
