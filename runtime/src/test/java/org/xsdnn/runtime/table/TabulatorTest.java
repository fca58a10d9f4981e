package org.xsdnn.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.xsdnn.runtime.Prediction;

/** Filling a table in batches and estimating its interpolation error, with synthetic scorers of known shape. */
class TabulatorTest {
    private static final TableAxis E = new TableAxis("E", "GeV", new double[] {0.4, 0.6, 0.8, 1.0});
    private static final TableAxis THETA = new TableAxis("theta", "deg", new double[] {20, 30, 45});
    private static final TableAxis OMEGA = new TableAxis("omega", "GeV", linspace(0.0, 0.9, 10));

    private static double[] linspace(double a, double b, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        return v;
    }

    /** σ mean = f(E, ω) · (1 + θ/100), σ std = mean / 10; records every batch it is given. */
    private static final class Synthetic implements Tabulator.Scorer {
        final DoubleBinaryOperator f;
        final List<Integer> batches = new ArrayList<>();
        double maxOmegaOverE;

        Synthetic(DoubleBinaryOperator f) {
            this.f = f;
        }

        @Override
        public Prediction score(double[] e, double[] t, double[] w) {
            batches.add(e.length);
            double[] mean = new double[e.length];
            double[] std = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                maxOmegaOverE = Math.max(maxOmegaOverE, w[i] / e[i]);
                mean[i] = f.applyAsDouble(e[i], w[i]) * (1 + t[i] / 100);
                std[i] = mean[i] / 10;
            }
            return new Prediction(mean, std, new double[][] {mean});
        }
    }

    @Test
    void scoresOnlyPhysicalNodesInBoundedBatches() throws Exception {
        Synthetic scorer = new Synthetic((e, w) -> 1 + e + w);
        List<long[]> progress = new ArrayList<>();
        LookupTable table = Tabulator.tabulate(
                E, THETA, OMEGA, scorer, 7, (phase, done, total) -> progress.add(new long[] {done, total}));
        long physical = Tabulator.physicalNodes(E, THETA, OMEGA);
        // ω nodes 0, 0.1, ..., 0.9 below E = 0.4, 0.6, 0.8, 1.0: 4 + 6 + 8 + 10, for 3 angles.
        assertEquals(3 * 28, physical);
        assertEquals(
                physical, scorer.batches.stream().mapToInt(Integer::intValue).sum(), "each physical node scored once");
        assertTrue(scorer.batches.stream().allMatch(b -> b <= 7), scorer.batches::toString);
        assertTrue(scorer.maxOmegaOverE < 1, "an unphysical point reached the scorer");
        assertArrayEquals(new long[] {0, physical}, progress.get(0), "told at the start");
        assertArrayEquals(new long[] {physical, physical}, progress.get(progress.size() - 1), "told at the end");
        for (int i = 0; i < E.size(); i++) {
            for (int j = 0; j < THETA.size(); j++) {
                for (int k = 0; k < OMEGA.size(); k++) {
                    double e = E.value(i);
                    double w = OMEGA.value(k);
                    if (w >= e) {
                        assertTrue(Float.isNaN(table.mean(i, j, k)) && Float.isNaN(table.std(i, j, k)));
                    } else {
                        float expected = (float) ((1 + e + w) * (1 + THETA.value(j) / 100));
                        assertEquals(expected, table.mean(i, j, k), 0);
                        assertEquals((float) (expected / 10.0), table.std(i, j, k), 1e-6f * expected);
                    }
                }
            }
        }
        LookupTable oneBatch = Tabulator.tabulate(
                E, THETA, OMEGA, new Synthetic((e, w) -> 1 + e + w), 1 << 16, Tabulator.Progress.none());
        assertTrue(oneBatch.sameValues(table), "the batch size changes nothing");
    }

    @Test
    void physicalCellsCountsCellsWithEveryCornerBelowOmegaEqualsE() {
        long brute = 0;
        for (int i = 0; i + 1 < E.size(); i++) {
            for (int k = 0; k + 1 < OMEGA.size(); k++) {
                brute += OMEGA.value(k + 1) < E.value(i) ? THETA.size() - 1 : 0;
            }
        }
        assertEquals(brute, Tabulator.physicalCells(E, THETA, OMEGA));
        assertEquals(2 * (3 + 5 + 7), brute);
    }

    @Test
    void errorIsZeroWhereTheModelIsMultilinear() throws Exception {
        Synthetic scorer = new Synthetic((e, w) -> 2 + e * w + 3 * w);
        LookupTable table = Tabulator.tabulate(E, THETA, OMEGA, scorer, 64, Tabulator.Progress.none());
        InterpolationError error = Tabulator.estimateError(table, scorer, 1000, 1, 64, Tabulator.Progress.none());
        assertEquals(30, error.cellsSampled(), "fewer cells than asked for: all of them");
        assertEquals(30, error.midpoints().pointsCompared());
        // Only float32 storage separates table and model.
        assertTrue(error.midpoints().maxRelative() < 1e-6, error::toString);
        assertTrue(error.alongOmega().maxRelative() < 1e-6, error::toString);
    }

    @Test
    void errorOfACurvedModelIsTheKnownMidpointError() throws Exception {
        // σ ∝ 1 + 50 ω²: linear interpolation between ω_k and ω_k + h misses the midpoint by 50 h²/4, nothing else.
        Synthetic scorer = new Synthetic((e, w) -> 1 + 50 * w * w);
        LookupTable table = Tabulator.tabulate(E, THETA, OMEGA, scorer, 64, Tabulator.Progress.none());
        InterpolationError error = Tabulator.estimateError(table, scorer, 1000, 1, 64, Tabulator.Progress.none());
        double h = 0.1;
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i + 1 < E.size(); i++) {
            for (int j = 0; j + 1 < THETA.size(); j++) {
                for (int k = 0; k + 1 < OMEGA.size() && OMEGA.value(k + 1) < E.value(i); k++) {
                    double wm = OMEGA.value(k) + h / 2;
                    expected.add(50 * h * h / 4 / (1 + 50 * wm * wm));
                }
            }
        }
        double[] sorted =
                expected.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(30, sorted.length);
        InterpolationError.Stats mid = error.midpoints();
        assertEquals(sorted[29], mid.maxRelative(), 1e-5 * sorted[29], error::toString);
        assertEquals((sorted[14] + sorted[15]) / 2, mid.medianRelative(), 1e-5 * sorted[14], error::toString);
        assertEquals(0.125 / 1.125, mid.maxRelative(), 1e-5, "at ω = 0.05: 50 h²/4 = 0.125 against 1 + 50 · 0.05²");
        assertEquals(0.05, mid.worstPoint()[2], 1e-12, "worst at the first ω cell");
        // Along E and θ the model is linear: no error there; along ω the same as at the centres.
        assertTrue(error.alongEnergy().maxRelative() < 1e-6, error::toString);
        assertTrue(error.alongTheta().maxRelative() < 1e-6, error::toString);
        assertEquals(mid.maxRelative(), error.alongOmega().maxRelative(), 1e-5);
        assertEquals(1e-6 * table.maxMean(), error.thresholdSigma(), 0);
    }

    @Test
    void pointsBelowTheThresholdAreLeftOut() throws Exception {
        // σ falls by 10⁹ from ω = 0 to 0.9: the smallest values lie below 1e-6 of the largest.
        Synthetic scorer = new Synthetic((e, w) -> Math.exp(-23 * w));
        LookupTable table = Tabulator.tabulate(E, THETA, OMEGA, scorer, 64, Tabulator.Progress.none());
        InterpolationError error = Tabulator.estimateError(table, scorer, 1000, 1, 64, Tabulator.Progress.none());
        int compared = error.midpoints().pointsCompared();
        assertTrue(compared > 0 && compared < error.cellsSampled(), error::toString);
        assertTrue(error.midpoints().medianRelative() > 0.01, "exp(-23ω) on 0.1 steps is not linear: " + error);
    }

    @Test
    void sampleIsSeededSortedAndDistinct() {
        long[] a = Tabulator.sample(1_000_000_000L, 4096, 5);
        long[] b = Tabulator.sample(1_000_000_000L, 4096, 5);
        long[] c = Tabulator.sample(1_000_000_000L, 4096, 6);
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c));
        assertEquals(4096, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        assertTrue(a[0] >= 0 && a[a.length - 1] < 1_000_000_000L);
        assertArrayEquals(new long[] {0, 1, 2}, Tabulator.sample(3, 4096, 5), "all when fewer");
    }

    @Test
    void unphysicalAxesAreRefused() {
        Synthetic scorer = new Synthetic((e, w) -> 1);
        IllegalArgumentException theta = assertThrows(
                IllegalArgumentException.class,
                () -> Tabulator.tabulate(
                        E,
                        new TableAxis("theta", "deg", new double[] {0, 10}),
                        OMEGA,
                        scorer,
                        8,
                        Tabulator.Progress.none()));
        assertTrue(theta.getMessage().contains("0 < theta <= 180"), theta::getMessage);
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> Tabulator.tabulate(
                        E,
                        THETA,
                        new TableAxis("omega", "GeV", new double[] {1.0, 1.5}),
                        scorer,
                        8,
                        Tabulator.Progress.none()));
        assertTrue(none.getMessage().contains("no node"), none::getMessage);
        assertThrows(
                IllegalArgumentException.class,
                () -> Tabulator.tabulate(E, THETA, OMEGA, scorer, 0, Tabulator.Progress.none()));
    }
}
