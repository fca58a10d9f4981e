package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.xsdnn.core.AtomicFiles;

/** Writes a file beside its target, verifies it there, and only then renames it over the target. */
final class StagedWrite {
    /** The check a staged file must pass. */
    interface Check<R> {
        R verify(Path staged) throws IOException, ExportVerificationException;
    }

    private StagedWrite() {}

    /**
     * @return what {@code check} returned for the staged file, now at {@code target}
     * @throws ExportVerificationException from the check; the staged file is deleted and {@code target} untouched
     */
    static <R> R verifyThenMove(Path target, byte[] bytes, Check<R> check)
            throws IOException, ExportVerificationException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // Keeps the .onnx ending: ONNX Runtime does not care, people listing the directory might.
        Path staged = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".partial-", ".onnx");
        try {
            AtomicFiles.write(staged, bytes);
            R result = check.verify(staged);
            Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return result;
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}
