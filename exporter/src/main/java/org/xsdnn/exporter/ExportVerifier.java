package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.MemberModel;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.runtime.ScoringOptions;

/** Runs an exported member file in ONNX Runtime, through the xsdnn runtime, and compares r with expected values. */
public final class ExportVerifier {
    /** Float32 inference against a double reference agrees to about 1e-6; 1e-5 leaves room without hiding bugs. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;

    private ExportVerifier() {}

    /**
     * @param features row-major [n, 5] scaled inputs
     * @param expectedR r the source network gives for them (e.g. {@code NetworkWeights.forward} or the trainer)
     * @param relTol a point fails when |got − expected| &gt; relTol·|expected|
     * @throws ExportVerificationException naming the worst point, expected and got values and their relative
     *     difference, or why ONNX Runtime could not run the file
     */
    public static VerificationReport verify(Path onnxFile, float[] features, int n, double[] expectedR, double relTol)
            throws IOException, ExportVerificationException {
        if (n < 1 || expectedR.length != n) {
            throw new IllegalArgumentException("expectedR has " + expectedR.length + " values for n = " + n
                    + " points; expected n >= 1 values");
        }
        String file = onnxFile.getFileName().toString();
        double[] got;
        try (MemberModel model = MemberModel.open(onnxFile, OnnxContract.OUTPUT_NAME, ScoringOptions.defaults())) {
            got = model.r(features, n);
        } catch (ContractException | ScoringException e) {
            throw new ExportVerificationException(e.getMessage(), e);
        }
        int worst = 0;
        double worstRelative = 0;
        int failures = 0;
        for (int i = 0; i < n; i++) {
            double diff = Math.abs(got[i] - expectedR[i]);
            // Written so that NaN fails: every comparison with NaN is false.
            if (!(diff <= relTol * Math.abs(expectedR[i]))) {
                failures++;
            }
            double relative = relativeDifference(diff, expectedR[i]);
            if (relative > worstRelative) {
                worst = i;
                worstRelative = relative;
            }
        }
        if (failures > 0) {
            throw new ExportVerificationException(String.format(Locale.ROOT,
                    "%s: ONNX Runtime differs from the expected r at %d of %d points; worst point %d: expected %.9g, "
                            + "got %.9g, relative difference %.3g > tolerance %.3g",
                    file, failures, n, worst, expectedR[worst], got[worst], worstRelative, relTol));
        }
        return new VerificationReport(file, n, worst, worstRelative);
    }

    /** diff / |expected|; infinite for NaN or for any difference from an expected 0, so those rank worst. */
    private static double relativeDifference(double diff, double expected) {
        if (diff == 0) {
            return 0;
        }
        return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / Math.abs(expected);
    }
}
