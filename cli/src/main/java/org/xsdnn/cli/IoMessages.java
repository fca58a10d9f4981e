package org.xsdnn.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One wording for file-system failures: the path, then why ({@code runs/a: exists and is a file}). Java's
 * {@link FileSystemException}s carry only the path as their message, other {@link IOException}s only the reason
 * ({@code Is a directory}); users need both.
 */
final class IoMessages {
    private IoMessages() {}

    /** {@code <path>: <why>} for a file-system exception, the message itself for any other. */
    static String describe(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getFile() == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        Path file = Path.of(f.getFile());
        String why;
        if (e instanceof NoSuchFileException) {
            // Readers that expected a directory throw this for a file of that name too: say which it is.
            why = Files.isRegularFile(file) ? "is a file, not a directory" : "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            why = Files.isDirectory(file)
                    ? "already exists (a directory)"
                    : Files.exists(file) ? "exists and is a file" : "already exists";
        } else if (e instanceof NotDirectoryException) {
            why = "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            why = "directory not empty";
        } else {
            why = f.getReason() == null ? "input/output error" : f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        StringBuilder text = new StringBuilder(f.getFile());
        if (f.getOtherFile() != null) {
            text.append(" -> ").append(f.getOtherFile());
        }
        text.append(": ").append(why);
        // Our own code puts what was expected into the reason (e.g. "expected a model directory").
        if (f.getReason() != null && !why.equalsIgnoreCase(f.getReason())) {
            text.append("; ").append(f.getReason());
        }
        return text.toString();
    }

    /** {@code <path>: <why>} for an exception about {@code file} that may not name it. */
    static String describe(Path file, IOException e) {
        return e instanceof FileSystemException f && f.getFile() != null
                ? describe(e)
                : file + ": " + describe(e).toLowerCase(java.util.Locale.ROOT);
    }
}
