package org.xsdnn.exporter;

/**
 * Outcome of a passed {@link ExportVerifier#verify} call.
 *
 * @param file the verified file's name
 * @param points points compared
 * @param worstPoint index of the point with the largest relative difference
 * @param maxRelativeDifference |got − expected| / |expected| at that point
 */
public record VerificationReport(String file, int points, int worstPoint, double maxRelativeDifference)
        implements FileVerification {}
