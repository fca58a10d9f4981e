package org.xsdnn.trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A JVM for a test to start, like the one the test runs in: this JDK, its class path, the Vector API module. */
final class ChildJvm {
    private ChildJvm() {}

    /** The command line: {@code options} (e.g. {@code -XX:UseAVX=2}), then {@code main} with {@code args}. */
    static ProcessBuilder of(List<String> options, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of(
                "-Xmx512m",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dxsdnn.shared=" + System.getProperty("xsdnn.shared", "/work/shared"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
