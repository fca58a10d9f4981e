package org.xsdnn.runtime;

/**
 * A model directory or member file does not meet the contract this runtime reads (layout, checksums, tensor
 * names and shapes). The message names the file, what was found, what was expected and what to do.
 */
public class ContractException extends Exception {
    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
