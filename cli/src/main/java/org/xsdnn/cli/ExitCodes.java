package org.xsdnn.cli;

import java.io.IOException;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.exporter.ExportVerificationException;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.points.PointFormatException;
import picocli.CommandLine;

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

    /**
     * The exit code of an exception that ended a command, for picocli ({@code CommandLine#setExitCodeExceptionMapper}):
     * an {@link XsdnnException} carries its own; otherwise the exception's type says which kind of failure it is.
     */
    static final class Mapper implements CommandLine.IExitCodeExceptionMapper {
        @Override
        public int getExitCode(Throwable e) {
            if (e instanceof XsdnnException x) {
                return x.exitCode();
            }
            if (e instanceof DataFormatException || e instanceof PointFormatException) {
                return BAD_DATA;
            }
            if (e instanceof ContractException || e instanceof ExportVerificationException) {
                return BAD_MODEL;
            }
            if (e instanceof IOException) {
                return IO;
            }
            // Our code throws IllegalArgumentException for a value the user gave (a point with omega >= E, a dataset
            // without a normalization uncertainty); a bug would surface as another type.
            if (e instanceof IllegalArgumentException) {
                return USAGE;
            }
            return INTERNAL;
        }
    }
}
