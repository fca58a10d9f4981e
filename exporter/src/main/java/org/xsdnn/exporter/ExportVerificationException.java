package org.xsdnn.exporter;

/** An exported file does not reproduce the network it came from, or ONNX Runtime cannot run it. */
public class ExportVerificationException extends Exception {
    public ExportVerificationException(String message) {
        super(message);
    }

    public ExportVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
