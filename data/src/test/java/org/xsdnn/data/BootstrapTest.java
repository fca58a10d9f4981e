package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static final int N = 100_000;
    private static final double[] ZEROS = new double[N];
    private static final double[] ONES = filled(N, 1.0);

    @Test
    void memberDependsOnlyOnSeedAndMember() {
        double[] alone = Bootstrap.replica(ZEROS, ONES, 2024, 7);
        for (int m = 0; m < 7; m++) {
            Bootstrap.replica(ZEROS, ONES, 2024, m);
        }
        assertArrayEquals(alone, Bootstrap.replica(ZEROS, ONES, 2024, 7));
        assertFalse(Arrays.equals(alone, Bootstrap.replica(ZEROS, ONES, 2024, 8)));
        assertFalse(Arrays.equals(alone, Bootstrap.replica(ZEROS, ONES, 2025, 7)));
    }

    @Test
    void drawsAreStandardNormal() {
        double[] r = Bootstrap.replica(ZEROS, ONES, 1, 0);
        double mean = Arrays.stream(r).average().orElseThrow();
        double var = Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum() / (N - 1);
        // 5 standard errors: 1/sqrt(N) for the mean, about 1/sqrt(2N) for the std
        assertEquals(0.0, mean, 5 / Math.sqrt(N));
        assertEquals(1.0, Math.sqrt(var), 5 / Math.sqrt(2.0 * N));
        long beyond2 = Arrays.stream(r).filter(x -> Math.abs(x) > 2).count();
        assertEquals(0.0455 * N, beyond2, 5 * Math.sqrt(0.0455 * N)); // Gaussian tails, not uniform
    }

    @Test
    void membersAreUncorrelated() {
        double[] a = Bootstrap.replica(ZEROS, ONES, 3, 0);
        double[] b = Bootstrap.replica(ZEROS, ONES, 3, 1);
        double c = 0;
        for (int i = 0; i < N; i++) {
            c += a[i] * b[i];
        }
        assertEquals(0.0, c / N, 5 / Math.sqrt(N));
    }

    @Test
    void scalesWithErrorsSoReducedTargetsGetTheSameDraws() {
        double[] sigma = {100, 200, 300};
        double[] err = {10, 5, 30};
        double[] scale = {4, 8, 2};
        double[] y = new double[3];
        double[] dy = new double[3];
        for (int i = 0; i < 3; i++) {
            y[i] = sigma[i] / scale[i];
            dy[i] = err[i] / scale[i];
        }
        double[] full = Bootstrap.replica(sigma, err, 9, 4);
        double[] reduced = Bootstrap.replica(y, dy, 9, 4);
        for (int i = 0; i < 3; i++) {
            assertEquals(full[i], reduced[i] * scale[i], 1e-12);
        }
        assertTrue(full[0] != sigma[0]);
    }

    @Test
    void rejectsMismatchedLengthsAndNegativeMember() {
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.replica(new double[2], new double[3], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.replica(new double[2], new double[2], 1, -1));
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
