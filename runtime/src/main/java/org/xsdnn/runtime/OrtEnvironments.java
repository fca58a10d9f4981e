package org.xsdnn.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The process's one ONNX Runtime environment, without the litter of ONNX Runtime 1.29.0's telemetry.
 *
 * <p>Creating the environment starts the library's 1DS telemetry (unless the process was started with
 * {@code ORT_DISABLE_TELEMETRY=1}, which the {@code xsdnn} launcher sets): it opens an empty
 * {@code $TMPDIR/mat-debug-<pid>.log} and a {@code $TMPDIR/.ses} session file. Java cannot set that variable for
 * its own process, so here telemetry is switched off right after creation and those files are removed, as is the
 * {@code onnxruntime-java<n>} folder ONNX Runtime's jar extracts its native libraries into (it deletes them on
 * exit but leaves the folder).
 */
public final class OrtEnvironments {
    private static final Pattern EXTRACTED_LIBRARY =
            Pattern.compile("\\s(/\\S*/onnxruntime-java\\d+)/libonnxruntime\\.so");
    private static boolean tidied;

    private OrtEnvironments() {}

    /** {@link OrtEnvironment#getEnvironment()}, telemetry off and its files removed the first time. */
    public static synchronized OrtEnvironment get() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (!tidied) {
            tidied = true;
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                // Telemetry is not ours to need: scoring works the same with it on.
            }
            removeLitter();
        }
        return env;
    }

    /**
     * Removes what creating the environment left in the temporary directories, if present. Safe to call more than
     * once; the CLI also calls it on exit, since other modules (the exporter's verifier) create the environment
     * directly.
     */
    public static void removeLitter() {
        String tmpdir = System.getenv("TMPDIR");
        Path nativeTmp = Path.of(tmpdir == null || tmpdir.isEmpty() ? "/tmp" : tmpdir);
        try {
            Path log = nativeTmp.resolve("mat-debug-" + ProcessHandle.current().pid() + ".log");
            // Only an empty log: one with content is somebody's debugging, not our litter.
            if (Files.isRegularFile(log) && Files.size(log) == 0) {
                Files.deleteIfExists(log);
            }
            Files.deleteIfExists(nativeTmp.resolve(".ses"));
            Path maps = Path.of("/proc/self/maps");
            if (Files.isReadable(maps)) {
                // Our own extraction folder is the one our loaded library came from (listed even after deletion).
                List<String> lines = Files.readAllLines(maps);
                for (String line : lines) {
                    Matcher m = EXTRACTED_LIBRARY.matcher(line);
                    if (m.find()) {
                        // Unlinking a loaded library is safe on Linux: the mapping stays until the process ends.
                        Path extracted = Path.of(m.group(1));
                        try (Stream<Path> files = Files.list(extracted)) {
                            for (Path f : files.toList()) {
                                Files.deleteIfExists(f);
                            }
                        }
                        Files.deleteIfExists(extracted);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // Litter that cannot be removed must not fail a run.
        }
    }
}
