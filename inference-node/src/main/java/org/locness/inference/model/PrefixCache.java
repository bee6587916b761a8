package org.locness.inference.model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cached prefixes of one {@link KvCacheModel}, by prefix text, at most {@code maxEntries}
 * of them: the least recently used is dropped (and its native memory freed once no call uses
 * it). A day's jobs share one prefix; when the day's context or patterns change, the prompt's
 * prefix text changes, the new prefix is computed once and the old one ages out.
 *
 * <p>Thread safety: any thread may score. A missing prefix is computed under this cache's lock,
 * so concurrent callers wait for one computation instead of each running it.
 */
public final class PrefixCache implements AutoCloseable {

    private final KvCacheModel model;
    private final int maxEntries;
    private final Map<String, CachedPrefix> entries = new LinkedHashMap<>(16, 0.75f, true);
    // Read without the lock, which a prefill holds for as long as it runs (minutes for a 7B model).
    private volatile long prefills;
    private volatile long bytes;
    private boolean closed;

    public PrefixCache(KvCacheModel model, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.model = model;
        this.maxEntries = maxEntries;
    }

    /** {@code prefix + suffix} scored from the cached {@code prefix}. */
    public LabelDistribution score(String prefix, String suffix) {
        return score(prefix, List.of(suffix), 1).get(0);
    }

    /** Each {@code prefix + suffix} scored from the cached {@code prefix}, up to {@code maxBatch} per pass. */
    public List<LabelDistribution> score(String prefix, List<String> suffixes, int maxBatch) {
        CachedPrefix cached = acquire(prefix);
        try {
            return model.score(cached, suffixes, maxBatch);
        } finally {
            cached.release();
        }
    }

    /** The cached prefix for {@code text}, computed on a miss, retained for the caller. */
    private synchronized CachedPrefix acquire(String text) {
        if (closed) {
            throw new IllegalStateException("the prefix cache of model " + model.name() + " is closed");
        }
        CachedPrefix cached = entries.get(text);
        if (cached == null || cached.isClosed()) {
            cached = model.prefill(text);
            prefills++;
            entries.put(text, cached);
            Iterator<CachedPrefix> oldest = entries.values().iterator();
            while (entries.size() > maxEntries) {
                oldest.next().close();
                oldest.remove();
            }
            bytes = entries.values().stream().mapToLong(CachedPrefix::bytes).sum();
        }
        if (!cached.retain()) {
            throw new IllegalStateException("the cached prefix of model " + model.name() + " was closed");
        }
        return cached;
    }

    /** How many prefixes are cached now. */
    public synchronized int size() {
        return entries.size();
    }

    /** How many prefixes were computed so far (cache misses). */
    public long prefills() {
        return prefills;
    }

    /** Native memory the cached keys and values take. */
    public long bytes() {
        return bytes;
    }

    /** Drops every cached prefix; the model stays open. */
    @Override
    public synchronized void close() {
        closed = true;
        entries.values().forEach(CachedPrefix::close);
        entries.clear();
        bytes = 0;
    }
}
