package org.xsdnn.core;

/**
 * Kinematics of inclusive electron scattering and the network's input vector.
 *
 * <p>Units: beam energy E and energy transfer ω in GeV, scattering angle θ in degrees, Q² in GeV²,
 * cross sections per nucleus in nb/(sr·GeV). The electron mass is neglected.
 *
 * <p>The input vector is (E/20, ω/20, θ/180, cos θ, Q²/100), in this order: the order and the
 * scaling used by the Wrocław group's later models and by NuWro's ONNX integration, so that
 * files are interchangeable with theirs.
 */
public final class Kinematics {
    /** Length of the network input vector. */
    public static final int FEATURES = 5;
    /** Names of the input features, in order, as recorded in model metadata. */
    public static final String FEATURE_ORDER = "E/20,omega/20,theta/180,cos(theta),Q2/100";

    static final double ENERGY_SCALE_GEV = 20.0;
    static final double THETA_SCALE_DEG = 180.0;
    static final double Q2_SCALE_GEV2 = 100.0;
    /** 1/α used by the scale S(E, θ) of the published models. */
    static final double INVERSE_ALPHA = 137.0;

    private Kinematics() {}

    public static double cosTheta(double thetaDeg) {
        return Math.cos(Math.toRadians(thetaDeg));
    }

    /** Q² = 2E(E − ω)(1 − cos θ) in GeV². */
    public static double q2(double energyGeV, double thetaDeg, double omegaGeV) {
        return 2.0 * energyGeV * (energyGeV - omegaGeV) * (1.0 - cosTheta(thetaDeg));
    }

    /**
     * The scale S(E, θ) = 10⁹ cos(θ/2) / (137² · 4E³ sin⁴(θ/2)) in nb/(sr·GeV) that turns the
     * network's reduced output r ∈ (0, 1) into a carbon cross section (physics.md, "Output
     * transformation"). Multiply by A/12 for other nuclei.
     */
    public static double scaleNbPerSrGeV(double energyGeV, double thetaDeg) {
        double half = Math.toRadians(thetaDeg) / 2.0;
        double s = Math.sin(half);
        double s2 = s * s;
        return 1e9
                * Math.cos(half)
                / (INVERSE_ALPHA * INVERSE_ALPHA * 4.0 * energyGeV * energyGeV * energyGeV * s2 * s2);
    }

    /** σ = r · S(E, θ) · A/12 in nb/(sr·GeV). */
    public static double sigmaNbPerSrGeV(double r, double energyGeV, double thetaDeg, int massNumber) {
        return r * scaleNbPerSrGeV(energyGeV, thetaDeg) * massNumber / 12.0;
    }

    /** Writes the five scaled features of one point into {@code out[offset .. offset+4]}. */
    public static void features(double energyGeV, double thetaDeg, double omegaGeV, float[] out, int offset) {
        out[offset] = (float) (energyGeV / ENERGY_SCALE_GEV);
        out[offset + 1] = (float) (omegaGeV / ENERGY_SCALE_GEV);
        out[offset + 2] = (float) (thetaDeg / THETA_SCALE_DEG);
        out[offset + 3] = (float) cosTheta(thetaDeg);
        out[offset + 4] = (float) (q2(energyGeV, thetaDeg, omegaGeV) / Q2_SCALE_GEV2);
    }

    /** Row-major [n, 5] feature matrix for n points. */
    public static float[] featureMatrix(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) {
        int n = energyGeV.length;
        if (thetaDeg.length != n || omegaGeV.length != n) {
            throw new IllegalArgumentException("E, theta and omega must have the same length; got " + n + ", "
                    + thetaDeg.length + ", " + omegaGeV.length);
        }
        float[] x = new float[n * FEATURES];
        for (int i = 0; i < n; i++) {
            features(energyGeV[i], thetaDeg[i], omegaGeV[i], x, i * FEATURES);
        }
        return x;
    }

    /** A beam energy: E &gt; 0 and finite. */
    public static boolean isBeamEnergy(double energyGeV) {
        return energyGeV > 0 && !Double.isInfinite(energyGeV);
    }

    /** A scattering angle: 0 &lt; θ ≤ 180 degrees. */
    public static boolean isAngle(double thetaDeg) {
        return thetaDeg > 0 && thetaDeg <= 180;
    }

    /** An energy transfer: ω ≥ 0 and finite. A physical point also has ω &lt; E. */
    public static boolean isEnergyTransfer(double omegaGeV) {
        return omegaGeV >= 0 && Double.isFinite(omegaGeV);
    }

    /** Valid E and θ with ω ≥ E: no value is wrong, but a grid that crosses ω = E reaches such points. */
    public static boolean isAboveBeamEnergy(double energyGeV, double thetaDeg, double omegaGeV) {
        return isBeamEnergy(energyGeV) && isAngle(thetaDeg) && omegaGeV >= energyGeV;
    }

    /**
     * Checks that a point is physical: E &gt; 0, 0 &lt; θ ≤ 180, 0 ≤ ω &lt; E.
     *
     * @return null when valid, otherwise a sentence saying what is wrong
     */
    public static String validate(double energyGeV, double thetaDeg, double omegaGeV) {
        if (!isBeamEnergy(energyGeV)) {
            return "E = " + energyGeV + " GeV; expected a positive finite beam energy";
        }
        if (!isAngle(thetaDeg)) {
            return "theta = " + thetaDeg + " deg; expected 0 < theta <= 180 degrees";
        }
        if (!(isEnergyTransfer(omegaGeV) && omegaGeV < energyGeV)) {
            return "omega = " + omegaGeV + " GeV; expected 0 <= omega < E = " + energyGeV + " GeV";
        }
        return null;
    }
}
