package org.xsdnn.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which target, which of its datasets and which kinematic cut make up a training set. A value, so
 * that it can be recorded in a model's provenance.
 *
 * @param target target name as in normalization.csv, e.g. {@code C12}, {@code Ca40}
 * @param datasetKeys archive citation keys to use; empty means every dataset of the target that
 *     has a normalization group
 * @param minOmegaGeV points with energy transfer ω below this are removed
 * @param relativeErrorFloor a point's uncorrelated error becomes sqrt(Δσ² + (f·σ)²) with this f (0: the archive's
 *     errors as they are). For data whose quoted errors cannot be point-to-point errors: our copy of Heimlich 1973
 *     (⁶Li) quotes Δσ proportional to σ², 0.02 % at the lowest ω to 1.2 % at the peak, while neighbouring points
 *     scatter by several percent. Left out of run.json and run identities when 0, so runs made before it keep theirs.
 */
public record Selection(
        String target,
        List<String> datasetKeys,
        double minOmegaGeV,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double relativeErrorFloor) {
    /**
     * Default low-ω cut, 30 MeV. Below it the inclusive response is not quasielastic: nucleon
     * knockout needs at least the separation energy (in ¹²C 16.0 MeV for a proton, 18.7 MeV for a
     * neutron), and the region is filled by the elastic tail, discrete levels (¹²C: 4.4, 7.7, 9.6,
     * 15.1 MeV, …) and the giant dipole resonance (peak near 23 MeV in ¹²C, lower in heavier
     * nuclei). These narrow, target-specific structures are not what the network is meant to
     * describe. The carbon paper cut this region too but did not publish its value; see
     * {@link QesDataset#removedByCutPerDataset()} for what the cut removes.
     */
    public static final double DEFAULT_MIN_OMEGA_GEV = 0.030;

    /** The 10 experiments of the carbon paper that are in this copy of the archive (Dai2018 is not). */
    private static final List<String> CARBON_PAPER_KEYS = List.of(
            "Barreau:1983ht",
            "Whitney:1974hr",
            "O'Connell:1987ag",
            "Sealock:1989nx",
            "Baran:1988tw",
            "Bagdasaryan:1988hp",
            "Arrington:1995hs",
            "Day:1993md",
            "Arrington:1998ps",
            "Fomin:2010ei");

    public Selection {
        Objects.requireNonNull(target, "target");
        datasetKeys = List.copyOf(datasetKeys);
        if (new HashSet<>(datasetKeys).size() != datasetKeys.size()) {
            throw new IllegalArgumentException("dataset keys " + datasetKeys + " contain a duplicate");
        }
        if (!(minOmegaGeV >= 0) || Double.isInfinite(minOmegaGeV)) {
            throw new IllegalArgumentException("minOmegaGeV = " + minOmegaGeV + "; expected a finite value >= 0");
        }
        if (!(relativeErrorFloor >= 0 && relativeErrorFloor < 1)) {
            throw new IllegalArgumentException(
                    "relative error floor = " + relativeErrorFloor + "; expected a fraction 0 <= f < 1 (0.03 is 3 %)");
        }
    }

    /** A selection with the archive's errors as quoted. */
    public Selection(String target, List<String> datasetKeys, double minOmegaGeV) {
        this(target, datasetKeys, minOmegaGeV, 0);
    }

    /** The same selection with another error floor. */
    public Selection withRelativeErrorFloor(double floor) {
        return new Selection(target, datasetKeys, minOmegaGeV, floor);
    }

    /** The uncorrelated error of a point of cross section {@code sigma} quoted with {@code error}, floor applied. */
    public double error(double sigma, double error) {
        return relativeErrorFloor == 0 ? error : Math.hypot(error, relativeErrorFloor * sigma);
    }

    /** The carbon paper's experiments present in our copy (Zeller:1973ge left out, as there), default cut. */
    public static Selection carbonPaper() {
        return new Selection("C12", CARBON_PAPER_KEYS, DEFAULT_MIN_OMEGA_GEV);
    }

    /** Every dataset of {@code target} that has a normalization group, default cut. */
    public static Selection allOf(String target) {
        return new Selection(target, List.of(), DEFAULT_MIN_OMEGA_GEV);
    }
}
