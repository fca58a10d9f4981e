package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.OnnxContract;

/**
 * An ill-conditioned network (a batch norm whose input has a large mean and a small spread, as in a member
 * fine-tuned on a narrow range of kinematics): ONNX Runtime's float32 result misses the plain 1e-5 tolerance, the
 * rounding bound accepts it, and a real error of 5 % is still refused.
 */
class Float32NoiseAllowanceTest {
    private static final int POINTS = 200;

    @TempDir
    Path tmp;

    @Test
    void roundingOfAnIllConditionedNetworkIsToldFromAWrongResult() throws Exception {
        NetworkWeights net = illConditioned();
        float[] x = new float[POINTS * Kinematics.FEATURES];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = i % Kinematics.FEATURES == Kinematics.FEATURES - 1 ? 1f : (float) random.nextDouble();
        }
        Path file = tmp.resolve("member-00.onnx");
        OnnxExporter.writeMember(net, Map.of(), file);
        double[] exact = net.forward(x, POINTS);
        double[] bound = net.float32RoundingBound(x, POINTS);

        assertThrows(
                ExportVerificationException.class,
                () -> ExportVerifier.verify(file, x, POINTS, exact, 1e-5),
                "the network must be ill-conditioned enough that ONNX Runtime's float32 misses 1e-5");
        VerificationReport report = ExportVerifier.verify(
                file, "member-00.onnx", OnnxContract.OUTPUT_NAME, x, POINTS, exact, 1e-5, () -> bound);
        assertTrue(report.maxRelativeDifference() > 1e-5, report.toString());

        double[] wrong = exact.clone();
        wrong[17] *= 1.05;
        ExportVerificationException e = assertThrows(
                ExportVerificationException.class,
                () -> ExportVerifier.verify(
                        file, "member-00.onnx", OnnxContract.OUTPUT_NAME, x, POINTS, wrong, 1e-5, () -> bound));
        assertTrue(
                e.getMessage().contains("worst point 17") && e.getMessage().contains("rounding bound"), e.getMessage());
        assertTrue(bound[17] < 0.05 * exact[17], "the bound stays well below a real error: " + bound[17] / exact[17]);
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
        NetworkWeights.Layer hidden = new NetworkWeights.Layer(
                Kinematics.FEATURES, width, w, b, new NetworkWeights.BatchNorm(gamma, beta, mean, variance, 1e-3));
        float[] out = new float[width];
        Arrays.fill(out, 0.5f);
        return new NetworkWeights(
                List.of(hidden.folded()), new NetworkWeights.Layer(width, 1, out, new float[] {-8f}, null), 0);
    }
}
