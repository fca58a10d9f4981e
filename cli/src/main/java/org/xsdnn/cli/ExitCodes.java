package org.xsdnn.cli;

/**
 * Exit codes of the xsdnn command.
 *
 * <pre>
 * 0  success
 * 1  internal error (a bug: please report it with the output of --verbose)
 * 2  usage error (unknown option, bad option value)
 * 3  bad data (malformed archive file, unusable selection)
 * 4  bad model (contract, checksum or verification failure)
 * 5  input/output error (missing file, no network)
 * </pre>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int BAD_DATA = 3;
    public static final int BAD_MODEL = 4;
    public static final int IO = 5;

    private ExitCodes() {}
}
