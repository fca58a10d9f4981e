package org.xsdnn.exporter;

/**
 * Outcome of a passed {@link ExportVerifier#verifyFused} call: how far the fused file's outputs are from the
 * member-by-member reference, as |got − expected| / |expected| maxima over the points.
 *
 * @param file the verified file's name
 * @param points points compared
 * @param maxRelativeMeanDifference on sigma_mean
 * @param worstMeanPoint index of that maximum
 * @param maxRelativeStdDifference on sigma_std (points where the expected std is 0 count only if the file's is not)
 * @param worstStdPoint index of that maximum
 * @param maxRelativeMemberDifference on sigma_members over all members and points; NaN when not compared
 */
public record FusedVerificationReport(
        String file,
        int points,
        double maxRelativeMeanDifference,
        int worstMeanPoint,
        double maxRelativeStdDifference,
        int worstStdPoint,
        double maxRelativeMemberDifference)
        implements FileVerification {}
