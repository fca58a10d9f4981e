package org.xsdnn.runtime;

/** ONNX Runtime failed while evaluating a member that had passed the contract check on open. */
public class ScoringException extends Exception {
    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }

    public ScoringException(String message) {
        super(message);
    }
}
