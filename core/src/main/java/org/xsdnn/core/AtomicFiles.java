package org.xsdnn.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes files so that readers see either the old content or the complete new content, never a torn file. */
public final class AtomicFiles {
    /**
     * Content written to the temporary file; may be streamed (a CSV of 10⁷ rows is ~0.5 GB of text).
     *
     * @param <X> what else the body may throw (a scorer's exceptions while it streams results)
     */
    public interface Body<X extends Exception> {
        void writeTo(OutputStream out) throws IOException, X;
    }

    private AtomicFiles() {}

    /** {@link #write(Path, Body)} for content already held in one array. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code body} to a temporary file beside {@code target}, forces it to disk, then renames it over
     * {@code target}. The temporary file lives in the same directory so the rename stays atomic; it is removed when
     * the body fails, so a failed write leaves the old file and no litter.
     */
    public static <X extends Exception> void write(Path target, Body<X> body) throws IOException, X {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            readableByAll(temp);
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Temporary files are created owner-only (0600); models and tables are meant to be shared, so the
     * renamed file gets the usual 0644 where the file system has POSIX permissions.
     */
    public static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
