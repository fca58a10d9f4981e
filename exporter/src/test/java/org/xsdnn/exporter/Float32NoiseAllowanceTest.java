package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;

/**
 * An ill-conditioned network (a batch norm whose input has a large mean and a small spread, as in a member
 * fine-tuned on a narrow range of kinematics): its float32 evaluation misses the plain 1e-5 tolerance, the noise
 * allowance accepts it, and a real error of 1 % is still refused.
 */
class Float32NoiseAllowanceTest {
    private static final int POINTS = 200;

    @Test
    void roundingOfAnIllConditionedNetworkIsToldFromAWrongResult() throws Exception {
        NetworkWeights net = illConditioned();
        float[] x = new float[POINTS * Kinematics.FEATURES];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = i % Kinematics.FEATURES == Kinematics.FEATURES - 1 ? 1f : (float) random.nextDouble();
        }
        double[] exact = net.forward(x, POINTS);
        double[] float32 = net.forwardFloat32(x, POINTS);
        double[] noise = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            noise[i] = Math.abs(float32[i] - exact[i]);
        }
        assertThrows(ExportVerificationException.class, () -> ExportVerifier.compareR("plain", exact, float32, 1e-5),
                "the network must be ill-conditioned enough that float32 misses 1e-5: " + Arrays.stream(noise).max());
        assertTrue(ExportVerifier.compareR("with noise", exact, float32, 1e-5, () -> noise).points() == POINTS);

        double[] wrong = float32.clone();
        wrong[17] *= 1 + 1e-2;
        ExportVerificationException e = assertThrows(ExportVerificationException.class,
                () -> ExportVerifier.compareR("wrong", exact, wrong, 1e-5, () -> noise));
        assertTrue(e.getMessage().contains("worst point 17"), e.getMessage());
    }

    /**
     * One hidden block of 8 whose batch norm sees z ≈ 300 ± 0.01: the last input (set to 1 at every point) has
     * weight 300, the others 0.01, so the folded layer sums its small terms onto a bias of about −9500 (rounded there) before the large term cancels it.
     */
    private static NetworkWeights illConditioned() {
        int width = 8;
        float[] w = new float[Kinematics.FEATURES * width];
        float[] b = new float[width];
        float[] gamma = new float[width];
        float[] beta = new float[width];
        float[] mean = new float[width];
        float[] variance = new float[width];
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < Kinematics.FEATURES; k++) {
            for (int j = 0; j < width; j++) {
                w[k * width + j] = k == Kinematics.FEATURES - 1 ? 300f : (float) (0.01 * random.nextDouble(0.5, 1.5));
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] = 300.02f;
            variance[j] = 1e-5f;
            gamma[j] = 1f;
            beta[j] = 0.5f;
        }
        NetworkWeights.Layer hidden = new NetworkWeights.Layer(Kinematics.FEATURES, width, w, b,
                new NetworkWeights.BatchNorm(gamma, beta, mean, variance, 1e-3));
        float[] out = new float[width];
        Arrays.fill(out, 0.5f);
        return new NetworkWeights(List.of(hidden.folded()), new NetworkWeights.Layer(width, 1, out, new float[] {-8f}, null), 0);
    }
}
