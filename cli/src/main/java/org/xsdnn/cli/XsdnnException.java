package org.xsdnn.cli;

/** An error the user can act on: its message is printed without a stack trace, with its exit code. */
public final class XsdnnException extends Exception {
    private final int exitCode;

    public XsdnnException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
