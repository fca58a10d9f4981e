package org.xsdnn.runtime.table;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@link org.xsdnn.core.AtomicFiles#write} for content streamed rather than held in one array (a CSV of 10⁷ rows
 * is ~0.5 GB of text): written to a temporary file beside the target, forced to disk, then renamed over it.
 */
final class AtomicStream {
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicStream() {}

    static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            org.xsdnn.core.AtomicFiles.readableByAll(temp);
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
}
