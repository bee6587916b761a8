package org.locness.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A prompt prefix already run through a {@link KvCacheModel}: its tokens and the keys and values
 * every layer computed for them, kept in native memory until {@link #close()}.
 *
 * <p>Several threads may score from one prefix at once. {@link #close()} may come from any
 * thread at any time (e.g. when a {@link PrefixCache} drops it): the memory is freed once the
 * last scoring call in flight has finished, and later calls fail with
 * {@link IllegalStateException}.
 */
public final class CachedPrefix implements AutoCloseable {

    private final KvCacheModel owner;
    private final String text;
    private final long[] ids;
    private final NDManager memory;
    private final NDArray keys;
    private final NDArray values;
    private int users;
    private boolean closed;

    CachedPrefix(KvCacheModel owner, String text, long[] ids, NDManager memory, NDArray keys, NDArray values) {
        this.owner = owner;
        this.text = text;
        this.ids = ids.clone();
        this.memory = memory;
        this.keys = keys;
        this.values = values;
    }

    /** The prefix text, or {@code null} when it was given as token ids. */
    public String text() {
        return text;
    }

    /** How many tokens the prefix has. */
    public int tokens() {
        return ids.length;
    }

    /** The native memory the keys and values take. */
    public long bytes() {
        int elementBytes = keys.getDataType().getNumOfBytes();
        // DJL 0.36 reports bfloat16, the one cache type it does not map, as UNKNOWN (0 bytes).
        return 2 * keys.size() * (elementBytes == 0 ? 2 : elementBytes);
    }

    long[] ids() {
        return ids.clone();
    }

    KvCacheModel owner() {
        return owner;
    }

    NDArray keys() {
        return keys;
    }

    NDArray values() {
        return values;
    }

    /** Registers a user of the cache tensors; false once the prefix is closed. */
    synchronized boolean retain() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    synchronized void release() {
        users--;
        if (closed && users == 0) {
            memory.close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (users == 0) {
            memory.close();
        }
    }
}
