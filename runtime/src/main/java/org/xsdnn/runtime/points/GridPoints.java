package org.xsdnn.runtime.points;

import org.xsdnn.core.Kinematics;

/**
 * Every combination of three lists of values, ω fastest, then θ, then E. A combination with ω ≥ E is skipped and
 * counted when the grid has more than one combination: a scan over ω at several E naturally crosses ω = E. A
 * single point with ω ≥ E, and any other unphysical value, is the caller's mistake and refused naming it.
 */
public final class GridPoints implements PointSource {
    private final double[] e;
    private final double[] t;
    private final double[] w;
    private final long total;
    private final int chunk;
    private long index;
    private long skipped;

    /** @param chunk the most points {@link #next} returns at a time */
    public GridPoints(double[] energyGeV, double[] thetaDeg, double[] omegaGeV, int chunk) {
        this.e = energyGeV.clone();
        this.t = thetaDeg.clone();
        this.w = omegaGeV.clone();
        this.total = (long) e.length * t.length * w.length;
        this.chunk = chunk;
    }

    /** @throws IllegalArgumentException for an unphysical value, or when every combination has ω ≥ E */
    @Override
    public PointBatch next() {
        PointBatch.Builder batch = new PointBatch.Builder(chunk);
        for (; index < total && !batch.isFull(); index++) {
            double energyGeV = e[(int) (index / ((long) t.length * w.length))];
            double thetaDeg = t[(int) (index / w.length % t.length)];
            double omegaGeV = w[(int) (index % w.length)];
            String problem = Kinematics.validate(energyGeV, thetaDeg, omegaGeV);
            if (problem == null) {
                batch.add(energyGeV, thetaDeg, omegaGeV);
            } else if (total > 1 && Kinematics.isAboveBeamEnergy(energyGeV, thetaDeg, omegaGeV)) {
                skipped++;
            } else {
                throw new IllegalArgumentException(problem);
            }
        }
        if (batch.size() == 0 && skipped == total) {
            throw new IllegalArgumentException("every one of the " + total + " grid combinations has omega >= E; "
                    + "expected some omega below the beam energy E");
        }
        return batch.build();
    }

    /** Combinations left out so far because ω ≥ E. */
    @Override
    public long skipped() {
        return skipped;
    }
}
