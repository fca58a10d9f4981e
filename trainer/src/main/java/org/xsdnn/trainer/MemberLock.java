package org.xsdnn.trainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on one member of a run directory, held while a process trains it, so that two processes
 * (two shards given overlapping ranges, or a command run twice) never write the same checkpoint. The operating
 * system releases it when the process ends, however it ends: a killed run leaves no stale lock. Different members
 * of one run may train at once (scripts/train-carbon.sh does).
 */
final class MemberLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private MemberLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming the holder's pid when another process trains the member */
    static MemberLock acquire(Path file, int member) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw new IOException(String.format(
                    "member %02d is being trained by another process (pid %s, lock %s);"
                            + " wait for it, or train other members (--members).",
                    member, holder.isEmpty() ? "unknown" : holder, file));
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        return new MemberLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
