package org.locness.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts that move only when the transaction they stand for commits: an aborted batch is re-read
 * and would otherwise be counted twice. Used by one loop thread; not thread-safe.
 */
public final class TransactionalCounters {
    private final Map<Counter, Long> pending = new LinkedHashMap<>();

    public void add(Counter counter) {
        pending.merge(counter, 1L, Long::sum);
    }

    public void commit() {
        pending.forEach(Counter::increment);
        pending.clear();
    }

    public void discard() {
        pending.clear();
    }
}
