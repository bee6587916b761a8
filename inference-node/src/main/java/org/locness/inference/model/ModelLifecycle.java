package org.locness.inference.model;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Open or closed, for a loaded model: calls run concurrently while it is open, and closing waits for
 * the calls in flight, so native memory is never freed under a forward pass.
 */
final class ModelLifecycle {
    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    ModelLifecycle(String name) {
        this.name = name;
    }

    /** @throws IllegalStateException when the model is closed */
    <T> T whileOpen(Supplier<T> action) {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + name + " is closed");
            }
            return action.get();
        } finally {
            read.unlock();
        }
    }

    /** Runs {@code release} once, when no call is in flight; later closes do nothing. */
    void close(Runnable release) {
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            write.unlock();
        }
    }
}
