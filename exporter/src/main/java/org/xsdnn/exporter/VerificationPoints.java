package org.xsdnn.exporter;

import java.util.Objects;
import org.xsdnn.core.Kinematics;

/**
 * Kinematic points to verify an export on: E in GeV, θ in degrees, ω in GeV, same length, all physical.
 *
 * @param energyGeV beam energies
 * @param thetaDeg scattering angles
 * @param omegaGeV energy transfers
 */
public record VerificationPoints(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) {
    public VerificationPoints {
        Objects.requireNonNull(energyGeV, "energyGeV");
        if (thetaDeg.length != energyGeV.length || omegaGeV.length != energyGeV.length || energyGeV.length == 0) {
            throw new IllegalArgumentException("E, theta and omega must have the same length >= 1; got "
                    + energyGeV.length + ", " + thetaDeg.length + ", " + omegaGeV.length);
        }
        for (int i = 0; i < energyGeV.length; i++) {
            String problem = Kinematics.validate(energyGeV[i], thetaDeg[i], omegaGeV[i]);
            if (problem != null) {
                throw new IllegalArgumentException("point " + i + ": " + problem);
            }
        }
    }

    /**
     * 24 points spanning the carbon data of the published work: E from 0.16 to 5.77 GeV, θ from 12° to 145°,
     * ω from 5 % to 86 % of E (the largest ratio in the carbon archive). Small, so that verifying 50 members of
     * 10×300 in double precision takes seconds.
     */
    public static VerificationPoints carbonGrid() {
        double[] energies = {0.16, 0.56, 1.3, 5.766};
        double[] thetas = {12.0, 37.5, 145.0};
        double[] fractions = {0.05, 0.86};
        int n = energies.length * thetas.length * fractions.length;
        double[] e = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        int i = 0;
        for (double energy : energies) {
            for (double t : thetas) {
                for (double f : fractions) {
                    e[i] = energy;
                    theta[i] = t;
                    omega[i] = f * energy;
                    i++;
                }
            }
        }
        return new VerificationPoints(e, theta, omega);
    }

    public int size() {
        return energyGeV.length;
    }

    /** Row-major [n, 5] scaled features, as member files take them. */
    public float[] features() {
        return Kinematics.featureMatrix(energyGeV, thetaDeg, omegaGeV);
    }
}
