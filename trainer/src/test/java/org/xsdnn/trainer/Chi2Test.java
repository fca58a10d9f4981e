package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The χ² with fitted normalizations, computed by hand for two groups. */
class Chi2Test {
    @Test
    void lossAndDerivativesMatchAHandComputation() {
        double[] r = {0.5, 0.2, 0.1};
        double[] y = {0.6, 0.25, 0.1};
        double[] e = {0.1, 0.05, 0.02};
        int[] g = {0, 0, 1};
        double[] lambda = {1.1, 0.9};
        double[] dl = {0.05, 0.1};
        double[] dr = new double[3];
        double[] dLambda = new double[2];
        double loss = Chi2.lossAndGradient(r, y, e, g, lambda, dl, 2.0, dr, dLambda);
        double p0 = (0.6 - 1.1 * 0.5) / 0.1;
        double p1 = (0.25 - 1.1 * 0.2) / 0.05;
        double p2 = (0.1 - 0.9 * 0.1) / 0.02;
        double prior = Math.pow(-0.1 / 0.05, 2) + Math.pow(0.1 / 0.1, 2);
        assertEquals(0.5 * 2.0 * (p0 * p0 + p1 * p1 + p2 * p2) + 0.5 * prior, loss, 1e-12);
        assertArrayEquals(
                new double[] {-2.0 * 1.1 * p0 / 0.1, -2.0 * 1.1 * p1 / 0.05, -2.0 * 0.9 * p2 / 0.02}, dr, 1e-12);
        assertEquals(-2.0 * (0.5 * p0 / 0.1 + 0.2 * p1 / 0.05) + 0.1 / (0.05 * 0.05), dLambda[0], 1e-9);
        assertEquals(-2.0 * (0.1 * p2 / 0.02) - 0.1 / (0.1 * 0.1), dLambda[1], 1e-9);
        // held-out χ²/N: no ½, the prior of groups present only
        double perPoint =
                Chi2.perPoint(new double[] {0.5}, new double[] {0.6}, new double[] {0.1}, new int[] {1}, lambda, dl);
        assertEquals((Math.pow((0.6 - 0.9 * 0.5) / 0.1, 2) + 1.0), perPoint, 1e-12);
    }
}
