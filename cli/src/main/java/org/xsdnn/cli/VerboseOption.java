package org.xsdnn.cli;

import picocli.CommandLine.Option;

/** --verbose, accepted by every subcommand; the exception handler in {@link Xsdnn} reads it from the arguments. */
final class VerboseOption {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
