package org.xsdnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the xsdnn command in-process, as the tests need it: exit code and both streams. */
final class CliRun {
    private CliRun() {}

    /** One invocation of the command: exit code and both streams. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static Result xsdnn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true);
                PrintWriter e = new PrintWriter(err, true)) {
            code = Xsdnn.execute(args, o, e);
        }
        return new Result(code, out.toString(), err.toString());
    }
}
