package org.locness.aggregator.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.locness.events.id.JobId;

/**
 * A time index over the job store, so the punctuator reads only what is due instead of scanning
 * every job. Keys are {@code <kind>|<zero-padded epoch ms>|<jobId>}: byte order is time order, and a
 * range up to {@code <kind>|<now>|~} ('~' sorts after every job id character) is exactly what is due.
 */
final class JobTimers {
    enum Kind {
        /** Decide the job from what has reported. */
        DEADLINE,
        /** Forget the published job: its retention is over. */
        EXPIRY
    }

    private final KeyValueStore<String, String> store;

    JobTimers(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void schedule(Kind kind, long atMs, JobId jobId) {
        store.put(key(kind, atMs, jobId), jobId.value());
    }

    /** Removes and returns the jobs whose timer of this kind is due at {@code nowMs}. */
    List<JobId> takeDue(Kind kind, long nowMs) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(prefix(kind), prefix(kind) + pad(nowMs) + "|~")) {
            it.forEachRemaining(due::add);
        }
        List<JobId> jobs = new ArrayList<>(due.size());
        for (KeyValue<String, String> entry : due) {
            store.delete(entry.key);
            jobs.add(JobId.of(entry.value));
        }
        return jobs;
    }

    static String key(Kind kind, long atMs, JobId jobId) {
        return prefix(kind) + pad(atMs) + "|" + jobId.value();
    }

    private static String prefix(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT) + "|";
    }

    private static String pad(long ms) {
        return String.format("%019d", Math.max(0, ms));
    }
}
