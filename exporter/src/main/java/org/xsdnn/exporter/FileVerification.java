package org.xsdnn.exporter;

/** A passed check of one written file: a member file on r, or a fused or MC-dropout file on σ. */
public sealed interface FileVerification permits VerificationReport, FusedVerificationReport {
    /** The verified file's name. */
    String file();

    /** Points compared. */
    int points();
}
