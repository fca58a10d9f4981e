package org.xsdnn.runtime.points;

/** A points file is malformed or holds an unphysical point; the message names file and line. */
public class PointFormatException extends Exception {
    public PointFormatException(String message) {
        super(message);
    }

    public PointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
