package org.xsdnn.runtime.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/** A table of the third-party NuWro reference ensemble (two members of the published carbon model). */
class NuwroTableTest {
    private static final Path NUWRO =
            Path.of(System.getProperty("xsdnn.shared", "/work/shared"), "reference-models", "nuwro-pr53");
    private static final TableAxis E = new TableAxis("E", "GeV", new double[] {0.5, 0.75, 1.0, 1.25});
    private static final TableAxis THETA = new TableAxis("theta", "deg", new double[] {20, 30, 40, 50, 60});
    private static final TableAxis OMEGA = new TableAxis("omega", "GeV", step(0.02, 0.02, 60));

    private static Ensemble ensemble;
    private static LookupTable table;
    private static InterpolationError error;

    @TempDir
    static Path dir;

    private static double[] step(double start, double step, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((start + i * step) * 1e12) / 1e12;
        }
        return v;
    }

    @BeforeAll
    static void tabulate() throws Exception {
        assertTrue(Files.isDirectory(NUWRO), "no reference models at " + NUWRO + " (system property xsdnn.shared)");
        ensemble = Ensemble.open(NUWRO, ScoringOptions.defaults());
        Tabulator.Scorer scorer = Tabulator.Scorer.of(ensemble);
        table = Tabulator.tabulate(E, THETA, OMEGA, scorer, 500, Tabulator.Progress.none());
        error = Tabulator.estimateError(table, scorer, 1000, 1, 500, Tabulator.Progress.none());
    }

    @AfterAll
    static void close() {
        ensemble.close();
    }

    @Test
    void nodesHoldTheEnsembleMeanAndSpread() throws Exception {
        int n = 0;
        double[] e = new double[table.nodes()];
        double[] t = new double[e.length];
        double[] w = new double[e.length];
        int[][] at = new int[e.length][];
        for (int i = 0; i < E.size(); i++) {
            for (int j = 0; j < THETA.size(); j++) {
                for (int k = 0; k < OMEGA.size(); k++) {
                    if (OMEGA.value(k) < E.value(i)) {
                        e[n] = E.value(i);
                        t[n] = THETA.value(j);
                        w[n] = OMEGA.value(k);
                        at[n++] = new int[] {i, j, k};
                    } else {
                        assertTrue(Float.isNaN(table.mean(i, j, k)));
                    }
                }
            }
        }
        Prediction p = ensemble.score(
                java.util.Arrays.copyOf(e, n), java.util.Arrays.copyOf(t, n), java.util.Arrays.copyOf(w, n));
        for (int q = 0; q < n; q++) {
            int[] c = at[q];
            assertEquals((float) p.mean()[q], table.mean(c[0], c[1], c[2]), 1e-6 * p.mean()[q]);
            assertEquals((float) p.std()[q], table.std(c[0], c[1], c[2]), 1e-6 * p.mean()[q]);
            assertEquals(table.mean(c[0], c[1], c[2]), table.sigma(e[q], t[q], w[q]), 0, "exact at the node");
        }
        assertTrue(p.std()[0] > 0, "two members do not agree exactly");
    }

    @Test
    void interpolationErrorIsNonZeroAndSensible() throws Exception {
        // Cells wholly below ω = E: E 0.5 → 23, 0.75 → 36, 1.0 → 48 ω cells, times 4 angle cells: all sampled.
        assertEquals(4 * (23 + 36 + 48), error.physicalCells());
        assertEquals(error.physicalCells(), error.cellsSampled());
        InterpolationError.Stats mid = error.midpoints();
        assertTrue(mid.pointsCompared() > 0.9 * error.cellsSampled(), error::toString);
        // 10° and 0.25 GeV steps across the quasielastic peak are coarse: tens of per cent, not zero, not orders of
        // magnitude.
        assertTrue(mid.medianRelative() > 1e-2 && mid.medianRelative() < 1, error::toString);
        assertTrue(
                mid.maxRelative() >= mid.p95Relative() && mid.p95Relative() >= mid.medianRelative(), error::toString);
        assertTrue(Double.isFinite(mid.maxRelative()), error::toString);
        for (InterpolationError.Stats s :
                new InterpolationError.Stats[] {error.alongEnergy(), error.alongTheta(), error.alongOmega()}) {
            assertTrue(s.medianRelative() > 0 && s.medianRelative() < mid.maxRelative(), error::toString);
        }
        // The fine ω step (20 MeV) costs far less than the coarse E and θ steps.
        assertTrue(error.alongOmega().medianRelative() < error.alongTheta().medianRelative(), error::toString);
        // The worst point is reproduced: the model there and the table's interpolation.
        double[] worst = mid.worstPoint();
        Prediction p = ensemble.score(new double[] {worst[0]}, new double[] {worst[1]}, new double[] {worst[2]});
        assertEquals(worst[3], p.mean()[0], 1e-9 * worst[3]);
        assertEquals(worst[4], table.sigma(worst[0], worst[1], worst[2]), 0);
        assertEquals(mid.maxRelative(), Math.abs(worst[4] - worst[3]) / worst[3], 1e-12);
    }

    @Test
    void halvingEveryStepCutsTheErrorSeveralFold() throws Exception {
        TableAxis e = new TableAxis("E", "GeV", step(0.5, 0.125, 7));
        TableAxis t = new TableAxis("theta", "deg", step(20, 5, 9));
        TableAxis w = new TableAxis("omega", "GeV", step(0.01, 0.01, 120));
        Tabulator.Scorer scorer = Tabulator.Scorer.of(ensemble);
        LookupTable fine = Tabulator.tabulate(e, t, w, scorer, 4096, Tabulator.Progress.none());
        InterpolationError fineError = Tabulator.estimateError(fine, scorer, 1000, 1, 4096, Tabulator.Progress.none());
        assertEquals(1000, fineError.cellsSampled(), "more cells than asked for: a sample");
        double coarse = error.midpoints().medianRelative();
        double halved = fineError.midpoints().medianRelative();
        // Trilinear interpolation errors scale as h²: a quarter, here asked to be below a half.
        assertTrue(halved > 0 && halved < coarse / 2, () -> "median " + coarse + " -> " + halved);
        assertTrue(
                fineError.alongTheta().medianRelative() < error.alongTheta().medianRelative() / 2, fineError::toString);
    }

    @Test
    void headerWithTheErrorRoundTrips() throws Exception {
        LookupTable withError = table.withHeader(table.header().withInterpolationError(error));
        Path file = dir.resolve("nuwro.xsdt");
        withError.write(file);
        LookupTable back = LookupTable.open(file);
        assertTrue(back.sameValues(table));
        InterpolationError read = back.header().interpolationError();
        assertEquals(error.midpoints().medianRelative(), read.midpoints().medianRelative());
        assertEquals(error.midpoints().maxRelative(), read.midpoints().maxRelative());
        assertEquals(error.cellsSampled(), read.cellsSampled());
        assertTrue(back.headerJson().contains("\"median-relative\""), back::headerJson);
    }
}
