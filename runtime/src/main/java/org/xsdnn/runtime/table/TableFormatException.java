package org.xsdnn.runtime.table;

import java.io.IOException;

/** An {@code .xsdt} file that is not a lookup table this reader understands; the message names the file and the fault. */
public class TableFormatException extends IOException {
    public TableFormatException(String message) {
        super(message);
    }

    public TableFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
