package org.xsdnn.trainer;

import org.xsdnn.core.Kinematics;

/**
 * What one member trains on, in reduced units: features x (row-major [n, 5]), reduced targets
 * y = σ/(S·A/12) (already bootstrapped for a model-A member) and their errors e, and the
 * normalization group of each point with the groups' uncertainties Δλ (fractions).
 */
public record TrainingData(float[] features, double[] y, double[] error, int[] group, double[] groupUncertainty) {
    public TrainingData {
        int n = y.length;
        if (features.length != n * Kinematics.FEATURES || error.length != n || group.length != n) {
            throw new IllegalArgumentException("inconsistent lengths: features " + features.length + ", y " + n
                    + ", error " + error.length + ", group " + group.length);
        }
        for (int i = 0; i < n; i++) {
            if (!(error[i] > 0)) {
                throw new IllegalArgumentException("point " + i + ": error " + error[i] + " must be > 0");
            }
            if (group[i] < 0 || group[i] >= groupUncertainty.length) {
                throw new IllegalArgumentException(
                        "point " + i + ": group " + group[i] + " outside 0.." + (groupUncertainty.length - 1));
            }
        }
    }

    public int size() {
        return y.length;
    }

    public int groups() {
        return groupUncertainty.length;
    }

    /** The points at the given indices, same groups. */
    public TrainingData subset(int[] indices) {
        int f = Kinematics.FEATURES;
        float[] x = new float[indices.length * f];
        double[] yy = new double[indices.length];
        double[] ee = new double[indices.length];
        int[] gg = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            System.arraycopy(features, i * f, x, k * f, f);
            yy[k] = y[i];
            ee[k] = error[i];
            gg[k] = group[i];
        }
        return new TrainingData(x, yy, ee, gg, groupUncertainty);
    }

    /** Same points with other targets (a bootstrap replica). */
    public TrainingData withTargets(double[] newY) {
        return new TrainingData(features, newY, error, group, groupUncertainty);
    }
}
