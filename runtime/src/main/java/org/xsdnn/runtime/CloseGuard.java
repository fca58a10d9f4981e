package org.xsdnn.runtime;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets many threads score at once while {@code close()} waits for them: calls hold the read lock, closing takes
 * the write lock, so native sessions are never freed under a running evaluation.
 */
final class CloseGuard {
    /** A call in progress; closing it lets a waiting {@code close()} proceed. */
    interface Entry extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String owner;
    private boolean closed;

    CloseGuard(String owner) {
        this.owner = owner;
    }

    /** @throws IllegalStateException when already closed */
    Entry enter() {
        Lock read = lock.readLock();
        read.lock();
        if (closed) {
            read.unlock();
            throw new IllegalStateException("Trying to score a closed " + owner + ".");
        }
        return read::unlock;
    }

    /** Waits for calls in progress, then marks closed; false when it was closed already. */
    boolean markClosed() {
        lock.writeLock().lock();
        try {
            boolean first = !closed;
            closed = true;
            return first;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
