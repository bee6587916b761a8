package org.locness.ingest.daily.context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.locness.events.id.ObjectKey;

/**
 * The summaries of market files a worker has read, by lake key and version (the object's ETag), so
 * the next day's prep downloads and reads only the files that are new or changed: of a 7-day window,
 * the day that has just ended. A re-uploaded file has a new ETag and is read again; a file without a
 * version is never kept. Bounded, least recently used first out, and in memory: a restarted worker
 * reads its first window whole, which gives the same bytes.
 */
public final class SummaryCache {
    /** A week of about 7,000 symbols; an entry is a few hundred bytes. */
    public static final int DEFAULT_CAPACITY = 50_000;

    private record Version(ObjectKey key, String eTag) {
    }

    private final Map<Version, DaySummary> entries;

    public SummaryCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the summary cache's capacity cannot be negative, was " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Version, DaySummary> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<DaySummary> get(ObjectKey key, String eTag) {
        return eTag == null ? Optional.empty() : Optional.ofNullable(entries.get(new Version(key, eTag)));
    }

    /** Keeps {@code summary} as the summary of its source at {@code eTag}; a null version keeps nothing. */
    public synchronized void put(String eTag, DaySummary summary) {
        if (eTag != null) {
            entries.put(new Version(summary.source(), eTag), summary);
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
