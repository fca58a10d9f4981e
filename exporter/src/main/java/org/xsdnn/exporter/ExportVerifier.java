package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.xsdnn.core.OnnxContract;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.MemberModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.runtime.ScoringOptions;

/**
 * Runs an exported file in ONNX Runtime, through the xsdnn runtime, and compares it with expected values: member
 * files ({@link #verify}) on r, fused files ({@link #verifyFused}) on σ mean, std and per-member σ.
 */
public final class ExportVerifier {
    /** Float32 inference against a double reference agrees to about 1e-6; 1e-5 leaves room without hiding bugs. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;
    /**
     * For σ std, a difference of close numbers: members' float32 errors of about 1e-6 of σ become 1e-6·mean/std
     * of the std, 1e-5 relative at a 10 % spread.
     */
    public static final double DEFAULT_STD_RELATIVE_TOLERANCE = 1e-4;
    /**
     * A std difference below this fraction of the mean always passes: the float32 resolution of the members' σ.
     * Without it, nearly identical members (std ≈ 0) could never pass a relative test.
     */
    public static final double STD_FLOOR_RELATIVE_TO_MEAN = 1e-6;

    private ExportVerifier() {}

    /**
     * Checks a member file with output {@value OnnxContract#OUTPUT_NAME}.
     *
     * @param features row-major [n, 5] scaled inputs
     * @param expectedR r the source network gives for them (e.g. {@code NetworkWeights.forward} or the trainer)
     * @param relTol a point fails when |got − expected| &gt; relTol·|expected| + relTol·|z|·r(1 − r), z = ln(r/(1 − r)):
     *     relTol relative in r, plus relTol relative in the network's last linear output z. The second term matters
     *     only in the deep tails (r ~ 1e-8, z ~ −19), where two float32 evaluations of the same network differ by a
     *     few ulps of z and so by ~|z|·1e-6 in r: no float32 graph can meet 1e-5 in r there (measured 4e-5).
     * @throws ExportVerificationException naming the worst point, expected and got values and their relative
     *     difference, or why ONNX Runtime could not run the file
     */
    public static VerificationReport verify(Path onnxFile, float[] features, int n, double[] expectedR, double relTol)
            throws IOException, ExportVerificationException {
        return verify(onnxFile, OnnxContract.OUTPUT_NAME, features, n, expectedR, relTol);
    }

    /** As {@link #verify(Path, float[], int, double[], double)} for a member file with output {@code outputName}. */
    public static VerificationReport verify(
            Path onnxFile, String outputName, float[] features, int n, double[] expectedR, double relTol)
            throws IOException, ExportVerificationException {
        return verify(onnxFile, onnxFile.getFileName().toString(), outputName, features, n, expectedR, relTol);
    }

    /** @param file the name messages use (a staged file is reported under its final name) */
    static VerificationReport verify(
            Path onnxFile, String file, String outputName, float[] features, int n, double[] expectedR, double relTol)
            throws IOException, ExportVerificationException {
        return verify(onnxFile, file, outputName, features, n, expectedR, relTol, null);
    }

    /**
     * As {@link #verify(Path, float[], int, double[], double)}, allowing at each point also how far float32
     * evaluation of the network can move r there ({@code NetworkWeights.float32RoundingBound}). The bound is
     * computed only when the plain tolerance fails somewhere: a well-conditioned network never needs it, while in an
     * ill-conditioned one (large terms that cancel) every float32 evaluation, the trainer's included, scatters by
     * about that much.
     *
     * @param float32Noise the rounding bound per point, asked for only when needed; null: the plain tolerance only
     */
    static VerificationReport verify(
            Path onnxFile,
            String file,
            String outputName,
            float[] features,
            int n,
            double[] expectedR,
            double relTol,
            Supplier<double[]> float32Noise)
            throws IOException, ExportVerificationException {
        if (n < 1 || expectedR.length != n) {
            throw new IllegalArgumentException(
                    "expectedR has " + expectedR.length + " values for n = " + n + " points; expected n >= 1 values");
        }
        double[] got;
        try (MemberModel model = MemberModel.open(onnxFile, outputName, ScoringOptions.defaults())) {
            got = model.r(features, n);
        } catch (ContractException | ScoringException e) {
            throw new ExportVerificationException(e.getMessage(), e);
        }
        Comparison c = compareAllowingNoise(expectedR, got, relTol, float32Noise);
        if (c.failures > 0) {
            throw new ExportVerificationException(String.format(
                    Locale.ROOT,
                    "%s: ONNX Runtime differs from the expected r at %d of %d points; worst point %d: expected %.9g, "
                            + "got %.9g, relative difference %.3g (tolerance %.3g relative in r plus %<.3g relative in its logit%s)",
                    file,
                    c.failures,
                    n,
                    c.worst,
                    expectedR[c.worst],
                    got[c.worst],
                    c.worstRelative,
                    relTol,
                    float32Noise == null ? "" : " plus the network's float32 rounding bound"));
        }
        return new VerificationReport(file, n, c.worst, c.worstRelative);
    }

    /**
     * Checks two computations of the same r against each other, with the tolerance of {@link #verify}: e.g. the
     * exporter's batch-norm-folded network against the trainer's.
     *
     * @throws ExportVerificationException naming what was compared and the worst point
     */
    public static VerificationReport compareR(String what, double[] expectedR, double[] gotR, double relTol)
            throws ExportVerificationException {
        return compareR(what, expectedR, gotR, relTol, null);
    }

    /** As {@link #compareR(String, double[], double[], double)}, with the float32 noise allowance of {@link #verify}. */
    public static VerificationReport compareR(
            String what, double[] expectedR, double[] gotR, double relTol, Supplier<double[]> float32Noise)
            throws ExportVerificationException {
        Comparison c = compareAllowingNoise(expectedR, gotR, relTol, float32Noise);
        if (c.failures > 0) {
            throw new ExportVerificationException(String.format(
                    Locale.ROOT,
                    "%s differ at %d of %d points; worst point %d: expected %.9g, got %.9g, relative difference %.3g",
                    what,
                    c.failures,
                    expectedR.length,
                    c.worst,
                    expectedR[c.worst],
                    gotR[c.worst],
                    c.worstRelative));
        }
        return new VerificationReport(what, expectedR.length, c.worst, c.worstRelative);
    }

    /**
     * Checks a fused file ({@code FusedEnsemble}, {@code McDropoutExport}) against the member-by-member xsdnn
     * ensemble in {@code memberDir} (xsdnn or NuWro layout), scored with {@link Ensemble#score}.
     *
     * @param meanTol relative tolerance on sigma_mean and on each member's σ
     * @param stdTol relative tolerance on sigma_std (plus {@link #STD_FLOOR_RELATIVE_TO_MEAN} of the mean)
     */
    public static FusedVerificationReport verifyFused(
            Path fusedFile,
            Path memberDir,
            double[] energyGeV,
            double[] thetaDeg,
            double[] omegaGeV,
            double meanTol,
            double stdTol)
            throws IOException, ExportVerificationException {
        Prediction expected = scoreReference(memberDir, energyGeV, thetaDeg, omegaGeV);
        return verifyFused(fusedFile, expected, energyGeV, thetaDeg, omegaGeV, meanTol, stdTol);
    }

    /** σ of the member-by-member ensemble in {@code memberDir}: what a fused file made from it must give. */
    static Prediction scoreReference(Path memberDir, double[] energyGeV, double[] thetaDeg, double[] omegaGeV)
            throws IOException, ExportVerificationException {
        try (Ensemble ensemble = Ensemble.open(memberDir, ScoringOptions.defaults())) {
            return ensemble.score(energyGeV, thetaDeg, omegaGeV);
        } catch (ContractException | ScoringException e) {
            throw new ExportVerificationException(
                    memberDir + ": cannot score the reference ensemble: " + e.getMessage(), e);
        }
    }

    /**
     * The check every fused file written here gets before it replaces anything: {@code expected} on {@code grid} at
     * the default tolerances, messages naming {@code file} (the target, not the staged copy).
     */
    static FusedVerificationReport verifyFused(Path staged, String file, Prediction expected, VerificationPoints grid)
            throws IOException, ExportVerificationException {
        return verifyFused(
                staged,
                file,
                expected,
                grid.energyGeV(),
                grid.thetaDeg(),
                grid.omegaGeV(),
                DEFAULT_RELATIVE_TOLERANCE,
                DEFAULT_STD_RELATIVE_TOLERANCE);
    }

    /**
     * Checks a fused file against expected σ (e.g. {@link Ensemble#score}, or a double-precision forward pass).
     * Per-member σ is compared when both the file and {@code expected} have it.
     *
     * @throws ExportVerificationException naming the quantity, the worst point, expected and got values, or why
     *     ONNX Runtime could not run the file
     */
    public static FusedVerificationReport verifyFused(
            Path fusedFile,
            Prediction expected,
            double[] energyGeV,
            double[] thetaDeg,
            double[] omegaGeV,
            double meanTol,
            double stdTol)
            throws IOException, ExportVerificationException {
        return verifyFused(
                fusedFile,
                fusedFile.getFileName().toString(),
                expected,
                energyGeV,
                thetaDeg,
                omegaGeV,
                meanTol,
                stdTol);
    }

    static FusedVerificationReport verifyFused(
            Path fusedFile,
            String file,
            Prediction expected,
            double[] energyGeV,
            double[] thetaDeg,
            double[] omegaGeV,
            double meanTol,
            double stdTol)
            throws IOException, ExportVerificationException {
        int n = energyGeV.length;
        if (n < 1 || expected.mean().length != n || expected.std().length != n) {
            throw new IllegalArgumentException("expected prediction has " + expected.mean().length + " points for " + n
                    + " kinematic points; expected n >= 1 of each");
        }
        Prediction got;
        int massNumber;
        try (FusedModel model = FusedModel.open(fusedFile, ScoringOptions.defaults())) {
            got = model.score(energyGeV, thetaDeg, omegaGeV);
            massNumber = model.massNumber();
        } catch (ContractException | ScoringException e) {
            throw new ExportVerificationException(e.getMessage(), e);
        }
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = org.xsdnn.core.Kinematics.sigmaNbPerSrGeV(1.0, energyGeV[i], thetaDeg[i], massNumber);
        }
        Comparison mean =
                compare(expected.mean(), got.mean(), meanTol, sigmaLogitAllowance(expected.mean(), scale, meanTol));
        fail(file, "sigma_mean", mean, expected.mean(), got.mean(), meanTol);
        double[] floor = new double[n];
        for (int i = 0; i < n; i++) {
            floor[i] = STD_FLOOR_RELATIVE_TO_MEAN * Math.abs(expected.mean()[i]) + Float.MIN_NORMAL * scale[i];
        }
        Comparison std = compare(expected.std(), got.std(), stdTol, floor);
        fail(file, "sigma_std", std, expected.std(), got.std(), stdTol);
        double worstMember = Double.NaN;
        if (got.perMember().length > 0 && expected.perMember() != null && expected.perMember().length > 0) {
            if (got.perMember().length != expected.perMember().length) {
                throw new ExportVerificationException(file + ": has " + got.perMember().length
                        + " members; the reference has " + expected.perMember().length);
            }
            worstMember = 0;
            for (int m = 0; m < got.perMember().length; m++) {
                Comparison c = compare(
                        expected.perMember()[m],
                        got.perMember()[m],
                        meanTol,
                        sigmaLogitAllowance(expected.perMember()[m], scale, meanTol));
                fail(file, "sigma_members[" + m + "]", c, expected.perMember()[m], got.perMember()[m], meanTol);
                worstMember = Math.max(worstMember, c.worstRelative);
            }
        }
        return new FusedVerificationReport(
                file, n, mean.worstRelative, mean.worst, std.worstRelative, std.worst, worstMember);
    }

    private static void fail(String file, String what, Comparison c, double[] expected, double[] got, double tol)
            throws ExportVerificationException {
        if (c.failures > 0) {
            throw new ExportVerificationException(String.format(
                    Locale.ROOT,
                    "%s: %s differs from the member-by-member reference at %d of %d points; worst point %d: "
                            + "expected %.9g, got %.9g, relative difference %.3g > tolerance %.3g",
                    file,
                    what,
                    c.failures,
                    expected.length,
                    c.worst,
                    expected[c.worst],
                    got[c.worst],
                    c.worstRelative,
                    tol));
        }
    }

    /** Failures, and the point with the largest relative difference. */
    private record Comparison(int failures, int worst, double worstRelative) {}

    private static Comparison compareAllowingNoise(
            double[] expected, double[] got, double tol, Supplier<double[]> noise) {
        double[] floor = logitAllowance(expected, tol);
        Comparison c = compare(expected, got, tol, floor);
        if (c.failures == 0 || noise == null) {
            return c;
        }
        double[] rounding = noise.get();
        for (int i = 0; i < floor.length; i++) {
            floor[i] += rounding[i];
        }
        return compare(expected, got, tol, floor);
    }

    /** A point fails when |got − expected| &gt; tol·|expected| + floor (floor 0 when null); NaN always fails. */
    private static Comparison compare(double[] expected, double[] got, double tol, double[] floor) {
        int worst = 0;
        double worstRelative = 0;
        int failures = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(got[i] - expected[i]);
            // Written so that NaN fails: every comparison with NaN is false.
            if (!(diff <= tol * Math.abs(expected[i]) + (floor == null ? 0 : floor[i]))) {
                failures++;
            }
            double relative = relativeDifference(diff, expected[i]);
            if (relative > worstRelative) {
                worst = i;
                worstRelative = relative;
            }
        }
        return new Comparison(failures, worst, worstRelative);
    }

    /** Per point, relTol·|z|·r(1 − r): what a relative error relTol of the logit z does to r. */
    private static double[] logitAllowance(double[] r, double relTol) {
        double[] allowance = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double p = r[i];
            // + the smallest normal float: float32 outputs cannot hold r below it (deep extrapolation gives r ~ 1e-60)
            allowance[i] =
                    (p > 0 && p < 1 ? relTol * Math.abs(Math.log(p / (1 - p))) * p * (1 - p) : 0) + Float.MIN_NORMAL;
        }
        return allowance;
    }

    /** {@link #logitAllowance} for σ = r·scale, in units of σ. */
    private static double[] sigmaLogitAllowance(double[] sigma, double[] scale, double relTol) {
        double[] r = new double[sigma.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = sigma[i] / scale[i];
        }
        double[] allowance = logitAllowance(r, relTol);
        for (int i = 0; i < r.length; i++) {
            // float32 holds r below its smallest normal number (1.2e-38) only as a subnormal or 0, which a
            // double-precision reference (measured: r ~ 1e-51 deep in a tail) cannot be held to
            allowance[i] = (allowance[i] + Float.MIN_NORMAL) * scale[i];
        }
        return allowance;
    }

    /** diff / |expected|; infinite for NaN or for any difference from an expected 0, so those rank worst. */
    private static double relativeDifference(double diff, double expected) {
        if (diff == 0) {
            return 0;
        }
        return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / Math.abs(expected);
    }
}
