package org.xsdnn.runtime.points;

import java.util.Arrays;

/**
 * Points to score, as the parallel arrays {@link org.xsdnn.runtime.Ensemble#score} takes.
 *
 * @param energyGeV beam energies E in GeV
 * @param thetaDeg scattering angles θ in degrees
 * @param omegaGeV energy transfers ω in GeV
 */
public record PointBatch(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) {
    public PointBatch {
        if (thetaDeg.length != energyGeV.length || omegaGeV.length != energyGeV.length) {
            throw new IllegalArgumentException("E, theta and omega must have the same length; got " + energyGeV.length
                    + ", " + thetaDeg.length + ", " + omegaGeV.length);
        }
    }

    public int size() {
        return energyGeV.length;
    }

    /** Fills one chunk point by point; the sources share it so that a chunk is cut to size in one place. */
    static final class Builder {
        private final double[] e;
        private final double[] t;
        private final double[] w;
        private int n;

        Builder(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("chunk size " + capacity + ": expected at least 1 point");
            }
            e = new double[capacity];
            t = new double[capacity];
            w = new double[capacity];
        }

        void add(double energyGeV, double thetaDeg, double omegaGeV) {
            e[n] = energyGeV;
            t[n] = thetaDeg;
            w[n] = omegaGeV;
            n++;
        }

        boolean isFull() {
            return n == e.length;
        }

        int size() {
            return n;
        }

        /** The points added; null when none were, which is how a source says it has no more. */
        PointBatch build() {
            if (n == 0) {
                return null;
            }
            return isFull()
                    ? new PointBatch(e, t, w)
                    : new PointBatch(Arrays.copyOf(e, n), Arrays.copyOf(t, n), Arrays.copyOf(w, n));
        }
    }
}
