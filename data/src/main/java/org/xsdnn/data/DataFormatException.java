package org.xsdnn.data;

/**
 * Malformed input data. The message says where (file and 1-based line), what was found and what
 * was expected, e.g. {@code 12C.dat:214: column 5 (omega, GeV) is "0,35"; expected a number like 0.35.}
 */
public class DataFormatException extends Exception {
    private final String file;
    private final int line;

    /**
     * @param file the file's name as shown to the user
     * @param line 1-based line number, or 0 when the problem concerns the whole file
     * @param detail what was found and what was expected
     */
    public DataFormatException(String file, int line, String detail) {
        super((line > 0 ? file + ":" + line : file) + ": " + detail);
        this.file = file;
        this.line = line;
    }

    public String getFile() {
        return file;
    }

    /** The 1-based line number, or 0 when the problem concerns the whole file. */
    public int getLine() {
        return line;
    }
}
