package org.xsdnn.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's defaults by option name, for options that a mixin shares between commands with other defaults
 * ({@link TrainingOptions}) and for those whose default an annotation cannot name (an enum constant). picocli asks
 * the command's {@code defaultValueProvider} before the annotations, and {@code ${DEFAULT-VALUE}} shows its answer.
 */
abstract class OptionDefaults implements IDefaultValueProvider {
    private final Map<String, String> byName;

    OptionDefaults(Map<String, String> byName) {
        this.byName = byName;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? byName.get(option.longestName()) : null;
    }
}
