package org.locness.inference.day;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

/**
 * Values computed once and shared by the threads of a process, at most {@code maxEntries} of them, the
 * least recently used going first. Threads asking for a key being computed wait for that computation
 * instead of repeating it; a failure is not kept, so the next request computes again and a transient
 * one (a file briefly gone) does not stick.
 */
final class SharedMemo<K, V> {
    /** Computes a value; its {@link SQLException} reaches every thread waiting for it. */
    @FunctionalInterface
    interface Loader<V> {
        V load() throws SQLException;
    }

    private final int maxEntries;
    /** In access order; guarded by {@code this}. */
    private final LinkedHashMap<K, FutureTask<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

    SharedMemo(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    V get(K key, Loader<V> loader) throws SQLException, InterruptedException {
        FutureTask<V> task;
        boolean computeHere = false;
        synchronized (this) {
            task = entries.get(key);
            if (task == null) {
                task = new FutureTask<>(loader::load);
                entries.put(key, task);
                computeHere = true;
                evictOverBound();
            }
        }
        if (computeHere) {
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            forget(key, task);
            throw rethrown(e.getCause());
        }
    }

    /** Drops the entries whose key matches, computed or not; threads waiting for one still get it. */
    synchronized void removeIf(Predicate<? super K> drop) {
        entries.keySet().removeIf(drop);
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized boolean contains(K key) {
        return entries.containsKey(key);
    }

    private synchronized void forget(K key, FutureTask<V> failed) {
        entries.remove(key, failed);
    }

    private void evictOverBound() {
        Iterator<Map.Entry<K, FutureTask<V>>> eldest = entries.entrySet().iterator();
        while (entries.size() > maxEntries) {
            eldest.next();
            eldest.remove();
        }
    }

    private static SQLException rethrown(Throwable cause) {
        if (cause instanceof SQLException e) {
            return e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a loader threw " + cause, cause);
    }
}
