package org.xsdnn.runtime.table;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.xsdnn.core.Kinematics;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;

/**
 * Fills a {@link LookupTable} from a model and measures how well trilinear interpolation of it reproduces the model.
 * Points are scored in batches of a fixed size, so memory stays bounded by the table itself whatever its size.
 */
public final class Tabulator {
    /** Points per call of the scorer unless told otherwise. */
    public static final int DEFAULT_BATCH = 65_536;
    /** Cells whose midpoints {@link #estimateError} evaluates unless told otherwise. */
    public static final int DEFAULT_ERROR_CELLS = 4096;
    /** Points where the model's σ mean is at most this fraction of the table's largest are not compared. */
    public static final double THRESHOLD_FRACTION = 1e-6;

    /** σ for n points; {@code Ensemble::score} is one. */
    @FunctionalInterface
    public interface Scorer {
        Prediction score(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) throws ScoringException;

        static Scorer of(Ensemble ensemble) {
            return ensemble::score;
        }
    }

    /** Told when a phase starts (done = 0) and after every batch: how many of the phase's points are done. */
    @FunctionalInterface
    public interface Progress {
        void advanced(String phase, long done, long total);

        static Progress none() {
            return (phase, done, total) -> {};
        }
    }

    private Tabulator() {}

    /**
     * Scores every physical node (ω &lt; E) of E × θ × ω; the others hold NaN.
     *
     * @throws IllegalArgumentException when an axis leaves the physical range (E &gt; 0, 0 &lt; θ ≤ 180°, ω ≥ 0), no node is
     *     physical, the grid is larger than {@link LookupTable#MAX_NODES} or batchSize &lt; 1
     */
    public static LookupTable tabulate(
            TableAxis energy, TableAxis theta, TableAxis omega, Scorer scorer, int batchSize, Progress progress)
            throws ScoringException {
        checkPhysicalRanges(energy, theta, omega);
        int nodes = (int) LookupTable.nodes(energy, theta, omega);
        long physical = physicalNodes(energy, theta, omega);
        if (physical == 0) {
            throw new IllegalArgumentException("no node of the grid has ω < E (ω from " + omega.min() + " GeV, E up to "
                    + energy.max() + " GeV): nothing to tabulate");
        }
        float[] mean = new float[nodes];
        float[] std = new float[nodes];
        Arrays.fill(mean, Float.NaN);
        Arrays.fill(std, Float.NaN);
        Batch batch = new Batch(scorer, batchSize, progress, "tabulating", physical);
        int nt = theta.size();
        int nw = omega.size();
        for (int i = 0; i < energy.size(); i++) {
            double e = energy.value(i);
            for (int j = 0; j < nt; j++) {
                for (int k = 0; k < nw && omega.value(k) < e; k++) {
                    if (batch.add(e, theta.value(j), omega.value(k), (i * nt + j) * nw + k)) {
                        batch.flushInto(mean, std);
                    }
                }
            }
        }
        batch.flushInto(mean, std);
        return LookupTable.adopt(energy, theta, omega, mean, std, null);
    }

    /** Nodes with ω &lt; E. */
    public static long physicalNodes(TableAxis energy, TableAxis theta, TableAxis omega) {
        long n = 0;
        for (int i = 0; i < energy.size(); i++) {
            n += below(omega, energy.value(i), omega.size());
        }
        return n * theta.size();
    }

    /** Cells whose eight corners all have ω &lt; E: those where interpolation gives a value throughout. */
    public static long physicalCells(TableAxis energy, TableAxis theta, TableAxis omega) {
        long n = 0;
        for (int i = 0; i < energy.size() - 1; i++) {
            n += cellsBelow(omega, energy.value(i));
        }
        return n * (theta.size() - 1);
    }

    /**
     * Compares the table's trilinear interpolation with the model at the centres of a seeded random sample of
     * {@code cells} wholly physical cells (all of them when there are fewer), and at the midpoints of those cells'
     * lower edges along each axis. See {@link InterpolationError}.
     *
     * @throws IllegalArgumentException when cells &lt; 1 or batchSize &lt; 1
     */
    public static InterpolationError estimateError(
            LookupTable table, Scorer scorer, int cells, long seed, int batchSize, Progress progress)
            throws ScoringException {
        if (cells < 1) {
            throw new IllegalArgumentException("cells = " + cells + "; expected at least 1");
        }
        TableAxis e = table.energy();
        TableAxis t = table.theta();
        TableAxis w = table.omega();
        long total = physicalCells(e, t, w);
        long[] ranks = sample(total, cells, seed);
        int n = ranks.length;
        // Four points per cell: centre, then the midpoints of the edges from the lower corner along E, θ and ω.
        double[][] points = new double[3][4 * n];
        long[] perEnergy = new long[e.size() - 1];
        for (int i = 0; i < perEnergy.length; i++) {
            perEnergy[i] = cellsBelow(w, e.value(i)) * (long) (t.size() - 1);
        }
        int i = 0;
        long before = 0;
        for (int s = 0; s < n; s++) {
            long rank = ranks[s];
            while (rank >= before + perEnergy[i]) {
                before += perEnergy[i];
                i++;
            }
            long within = rank - before;
            int kCells = cellsBelow(w, e.value(i));
            int j = (int) (within / kCells);
            int k = (int) (within % kCells);
            double e0 = e.value(i);
            double t0 = t.value(j);
            double w0 = w.value(k);
            double em = (e0 + e.value(i + 1)) / 2;
            double tm = (t0 + t.value(j + 1)) / 2;
            double wm = (w0 + w.value(k + 1)) / 2;
            set(points, s, em, tm, wm);
            set(points, n + s, em, t0, w0);
            set(points, 2 * n + s, e0, tm, w0);
            set(points, 3 * n + s, e0, t0, wm);
        }
        double[] model = new double[4 * n];
        Batch batch = new Batch(scorer, batchSize, progress, "estimating interpolation error", 4L * n);
        for (int p = 0; p < 4 * n; p++) {
            if (batch.add(points[0][p], points[1][p], points[2][p], p)) {
                batch.flushInto(model);
            }
        }
        batch.flushInto(model);
        double threshold = THRESHOLD_FRACTION * table.maxMean();
        return new InterpolationError(
                "relative error |trilinear(table) - model| / model of sigma mean at the centres of " + n + " of "
                        + total
                        + " wholly physical cells (seeded sample) and at the midpoints of their lower edges along each axis; "
                        + "points with model sigma mean <= threshold-sigma left out",
                total,
                n,
                seed,
                THRESHOLD_FRACTION,
                threshold,
                stats(table, points, model, 0, n, threshold),
                stats(table, points, model, n, n, threshold),
                stats(table, points, model, 2 * n, n, threshold),
                stats(table, points, model, 3 * n, n, threshold));
    }

    private static void set(double[][] points, int p, double e, double t, double w) {
        points[0][p] = e;
        points[1][p] = t;
        points[2][p] = w;
    }

    private static InterpolationError.Stats stats(
            LookupTable table, double[][] points, double[] model, int from, int n, double threshold) {
        double[] rel = new double[n];
        int m = 0;
        int worst = -1;
        double worstRel = -1;
        double worstTable = Double.NaN;
        for (int p = from; p < from + n; p++) {
            if (!(model[p] > threshold)) {
                continue;
            }
            double interpolated = table.sigma(points[0][p], points[1][p], points[2][p]);
            double r = Math.abs(interpolated - model[p]) / model[p];
            if (Double.isNaN(r)) {
                r = Double.POSITIVE_INFINITY; // cannot happen in a wholly physical cell; never hide it if it does
            }
            if (r > worstRel) {
                worst = p;
                worstRel = r;
                worstTable = interpolated;
            }
            rel[m++] = r;
        }
        if (m == 0) {
            return new InterpolationError.Stats(0, null, null, null, null);
        }
        double[] sorted = Arrays.copyOf(rel, m);
        Arrays.sort(sorted);
        double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
        double p95 = sorted[(int) Math.min(m - 1, Math.ceil(0.95 * m) - 1)];
        return new InterpolationError.Stats(m, sorted[m - 1], median, p95, new double[] {
            points[0][worst], points[1][worst], points[2][worst], model[worst], worstTable
        });
    }

    /** n distinct ranks in [0, total), sorted; all of them when total ≤ n. Floyd's algorithm, seeded. */
    static long[] sample(long total, int n, long seed) {
        if (total <= n) {
            long[] all = new long[(int) total];
            Arrays.setAll(all, r -> r);
            return all;
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<Long> chosen = new HashSet<>(2 * n);
        for (long j = total - n; j < total; j++) {
            long r = random.nextLong(j + 1);
            chosen.add(chosen.contains(r) ? j : r);
        }
        return chosen.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Number of ω nodes below e, among the first {@code limit}. */
    private static int below(TableAxis omega, double e, int limit) {
        int k = 0;
        while (k < limit && omega.value(k) < e) {
            k++;
        }
        return k;
    }

    /** Cells along ω whose upper node lies below e: cells k = 0 .. result − 1. */
    private static int cellsBelow(TableAxis omega, double e) {
        int k = 0;
        while (k < omega.size() - 1 && omega.value(k + 1) < e) {
            k++;
        }
        return k;
    }

    private static void checkPhysicalRanges(TableAxis energy, TableAxis theta, TableAxis omega) {
        if (!Kinematics.isBeamEnergy(energy.min())) {
            throw new IllegalArgumentException("E = " + energy.min() + " GeV; expected beam energies E > 0");
        }
        if (!(Kinematics.isAngle(theta.min()) && Kinematics.isAngle(theta.max()))) {
            throw new IllegalArgumentException(
                    "theta from " + theta.min() + " to " + theta.max() + " deg; expected 0 < theta <= 180 degrees");
        }
        if (!Kinematics.isEnergyTransfer(omega.min())) {
            throw new IllegalArgumentException("omega = " + omega.min() + " GeV; expected energy transfers omega >= 0");
        }
    }

    /** Collects points, scores them a batch at a time and scatters the results to their indices. */
    private static final class Batch {
        private final Scorer scorer;
        private final Progress progress;
        private final String phase;
        private final long total;
        private final double[] e;
        private final double[] t;
        private final double[] w;
        private final int[] index;
        private int size;
        private long done;

        Batch(Scorer scorer, int capacity, Progress progress, String phase, long total) {
            if (capacity < 1) {
                throw new IllegalArgumentException("batch size " + capacity + "; expected at least 1");
            }
            this.scorer = Objects.requireNonNull(scorer, "scorer");
            this.progress = Objects.requireNonNull(progress, "progress");
            this.phase = phase;
            this.total = total;
            int n = (int) Math.min(capacity, Math.max(1, total));
            e = new double[n];
            t = new double[n];
            w = new double[n];
            index = new int[n];
            progress.advanced(phase, 0, total);
        }

        /** @return true when the batch is full and must be flushed */
        boolean add(double energy, double theta, double omega, int at) {
            e[size] = energy;
            t[size] = theta;
            w[size] = omega;
            index[size] = at;
            size++;
            return size == e.length;
        }

        void flushInto(float[] mean, float[] std) throws ScoringException {
            Prediction p = score();
            if (p == null) {
                return;
            }
            for (int q = 0; q < size; q++) {
                mean[index[q]] = (float) p.mean()[q];
                std[index[q]] = (float) p.std()[q];
            }
            advance();
        }

        void flushInto(double[] mean) throws ScoringException {
            Prediction p = score();
            if (p == null) {
                return;
            }
            for (int q = 0; q < size; q++) {
                mean[index[q]] = p.mean()[q];
            }
            advance();
        }

        private Prediction score() throws ScoringException {
            if (size == 0) {
                return null;
            }
            boolean full = size == e.length;
            Prediction p = scorer.score(
                    full ? e : Arrays.copyOf(e, size),
                    full ? t : Arrays.copyOf(t, size),
                    full ? w : Arrays.copyOf(w, size));
            if (p.mean().length != size || p.std().length != size) {
                throw new IllegalStateException(
                        "scorer returned " + p.mean().length + " values for " + size + " points");
            }
            return p;
        }

        private void advance() {
            done += size;
            size = 0;
            progress.advanced(phase, done, total);
        }
    }
}
