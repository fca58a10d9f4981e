package org.xsdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scoring run, in its own process (ONNX Runtime's environment is made once per process), leaves nothing in the
 * temporary directory: ONNX Runtime 1.29.0's telemetry opens an empty {@code mat-debug-<pid>.log} there.
 */
class NoTempFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("xsdnn.root", ".."));

    @TempDir
    Path tmp;

    @Test
    void scoringLeavesNothingInTheTemporaryDirectory() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // TMPDIR is where the native library writes; java.io.tmpdir where Java (and ONNX Runtime's JNI loader) would.
        // The class path goes through an argument file: ONNX Runtime 1.29.0's telemetry crashes (SIGSEGV) while
        // creating the environment when the process's command line exceeds about 4 KB, as a test class path does.
        Path args = Files.writeString(
                tmp.getParent().resolve(tmp.getFileName() + ".args"),
                "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        ProcessBuilder pb = new ProcessBuilder(
                        java.toString(),
                        "@" + args,
                        "-Djava.io.tmpdir=" + tmp,
                        Xsdnn.class.getName(),
                        "score",
                        "--model",
                        ROOT.resolve("onnx-models/carbon-a").toString(),
                        "-E",
                        "0.68",
                        "--theta",
                        "36",
                        "--omega",
                        "0.1")
                .redirectErrorStream(true);
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().remove("ORT_DISABLE_TELEMETRY");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(2, TimeUnit.MINUTES);
        assertEquals(0, p.exitValue(), output);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(f -> f.getFileName().toString()).toList());
        } finally {
            Files.delete(args);
        }
    }
}
