package org.xsdnn.data;

import java.util.Random;

/**
 * Bootstrap replicas of the data, as in the published model A: each value is shifted by its own
 * error times a standard normal draw, per point and per ensemble member (points are not resampled).
 */
public final class Bootstrap {
    private Bootstrap() {}

    /**
     * Returns values[i] + r_i·errors[i], r_i ~ N(0, 1). The draws depend only on (seed, member), so
     * any member can be recreated alone, and on nothing else: applied to σ and its error, or to the
     * reduced targets and their errors, the same member gets the same r_i.
     *
     * @param member ensemble member index, ≥ 0
     */
    public static double[] replica(double[] values, double[] errors, long seed, int member) {
        if (values.length != errors.length) {
            throw new IllegalArgumentException(values.length + " values but " + errors.length + " errors");
        }
        if (member < 0) {
            throw new IllegalArgumentException("member = " + member + "; expected >= 0");
        }
        Random random = Seeds.random(seed, member);
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] + random.nextGaussian() * errors[i];
        }
        return out;
    }
}
