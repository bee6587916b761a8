package org.locness.ingest.objects;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.id.Symbol;

/**
 * Trailing-edge debounce per symbol: a symbol is due once {@code quiet} has passed since its last
 * event, so a burst of uploads makes one job. Remembers, per partition, the oldest offset each
 * pending symbol was seen at, so the loop commits no further until the symbol's job is produced.
 * Used by one loop thread; not thread-safe.
 */
public final class Debouncer {
    private final Duration quiet;
    private final Map<Symbol, Pending> pending = new LinkedHashMap<>();

    private static final class Pending {
        Instant last;
        final Map<TopicPartition, Long> oldestOffsets = new HashMap<>();

        Pending(Instant last) {
            this.last = last;
        }
    }

    public Debouncer(Duration quiet) {
        this.quiet = quiet;
    }

    public void add(Symbol symbol, TopicPartition partition, long offset, Instant at) {
        Pending p = pending.computeIfAbsent(symbol, s -> new Pending(at));
        if (at.isAfter(p.last)) {
            p.last = at;
        }
        p.oldestOffsets.merge(partition, offset, Math::min);
    }

    /** The symbols that have been quiet long enough, in first-seen order; they stop being pending. */
    public List<Symbol> takeDue(Instant now) {
        List<Symbol> due = new ArrayList<>();
        for (Iterator<Map.Entry<Symbol, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Symbol, Pending> entry = it.next();
            if (!now.isBefore(entry.getValue().last.plus(quiet))) {
                due.add(entry.getKey());
                it.remove();
            }
        }
        return due;
    }

    /** The oldest offset of {@code partition} that a pending symbol still needs. */
    public OptionalLong heldFrom(TopicPartition partition) {
        return pending.values().stream()
                .filter(p -> p.oldestOffsets.containsKey(partition))
                .mapToLong(p -> p.oldestOffsets.get(partition))
                .min();
    }

    public void clear() {
        pending.clear();
    }
}
