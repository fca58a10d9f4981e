package org.xsdnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xsdnn.report.Measure.Figures;

/** The measure on points small enough to check by hand. */
class MeasureTest {
    // Group 0: two points; group 1: one point. Δλ = 10 % and 5 %.
    private static final double[] SIGMA = {110, 90, 50};
    private static final double[] ERROR = {10, 5, 2};
    private static final int[] GROUP = {0, 0, 1};
    private static final double[] DELTA_LAMBDA = {0.1, 0.05};
    private static final double[] MEAN = {100, 100, 40};
    private static final double[] SPREAD = {10, 20, 0};

    private static double chi2(double lambda0, double lambda1) {
        double[] lambda = {lambda0, lambda1};
        double chi2 = 0;
        for (int i = 0; i < SIGMA.length; i++) {
            chi2 += Math.pow((SIGMA[i] - lambda[GROUP[i]] * MEAN[i]) / ERROR[i], 2);
        }
        for (int k = 0; k < 2; k++) {
            chi2 += Math.pow((1 - lambda[k]) / DELTA_LAMBDA[k], 2);
        }
        return chi2;
    }

    @Test
    void lambdaIsTheClosedFormMinimum() {
        Measure m = Measure.of(SIGMA, ERROR, GROUP, DELTA_LAMBDA, MEAN, SPREAD);
        // Group 0 by hand: (110·100/100 + 90·100/25 + 100) / (100²/100 + 100²/25 + 100) = 570 / 600.
        assertEquals(0.95, m.lambda(0), 1e-15);
        // Group 1: (50·40/4 + 400) / (40²/4 + 400) = 900 / 800.
        assertEquals(1.125, m.lambda(1), 1e-15);
        double best = chi2(m.lambda(0), m.lambda(1));
        for (double step : new double[] {-1e-3, 1e-3}) {
            assertTrue(chi2(m.lambda(0) + step, m.lambda(1)) > best);
            assertTrue(chi2(m.lambda(0), m.lambda(1) + step) > best);
        }
        Figures all = m.figures(new int[] {0, 1, 2}, true);
        assertEquals(best / 3, all.chi2PerPoint(), 1e-12);
        assertEquals(Math.pow(0.125 / 0.05, 2), m.penalty(1), 1e-12);
    }

    @Test
    void splitsCountDataTermsOnlyAndLambdaOneHasNoPenalty() {
        Measure m = Measure.of(SIGMA, ERROR, GROUP, DELTA_LAMBDA, MEAN, SPREAD);
        Figures first = m.figures(new int[] {0}, false);
        assertEquals(Math.pow((110 - 95) / 10.0, 2), first.chi2PerPoint(), 1e-12);
        assertEquals(1.0, first.chi2PerPointLambda1(), 1e-12);
        Figures group0 = m.figures(new int[] {0, 1}, true);
        double data = Math.pow(1.5, 2) + Math.pow((90 - 95) / 5.0, 2);
        assertEquals((data + Math.pow(0.05 / 0.1, 2)) / 2, group0.chi2PerPoint(), 1e-12);
        assertEquals((1 + 4) / 2.0, group0.chi2PerPointLambda1(), 1e-12);
    }

    @Test
    void coverageCombinesDataAndScaledSpread() {
        Measure m = Measure.of(SIGMA, ERROR, GROUP, DELTA_LAMBDA, MEAN, SPREAD);
        // Point 0: |110 − 95| = 15 against √(10² + 9.5²) = 13.8: outside 1σ, inside 2σ.
        // Point 1: |90 − 95| = 5 against √(5² + 19²): inside 1σ.
        // Point 2: |50 − 45| = 5 against 2 (no spread): outside 2σ.
        Figures f = m.figures(new int[] {0, 1, 2}, true);
        assertEquals(1 / 3.0, f.within1Sigma(), 1e-15);
        assertEquals(2 / 3.0, f.within2Sigma(), 1e-15);
        assertEquals((0.1 + 0.2 + 0) / 3, f.meanRelativeSpread(), 1e-15);
    }

    @Test
    void aPointWhereEveryMemberGivesZeroHasNoSpread() {
        Measure m = Measure.of(
                new double[] {1, 1},
                new double[] {1, 1},
                new int[] {0, 0},
                new double[] {0.1},
                new double[] {0, 2},
                new double[] {0, 1});
        assertEquals(0.25, m.figures(new int[] {0, 1}, false).meanRelativeSpread(), 1e-15);
    }

    @Test
    void lengthsMustAgree() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Measure.of(SIGMA, ERROR, GROUP, DELTA_LAMBDA, new double[2], SPREAD));
    }
}
