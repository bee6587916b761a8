package org.locness.ingest.objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.locness.events.s3.S3EventKind;
import org.locness.ingest.kafka.TransactionalCounters;

/**
 * Object-event meters, counted when their transaction commits: events by S3 kind ({@code put},
 * {@code delete}, …, or {@code invalid} for an undecodable record or a bad pre-swept key) and action ({@code trigger}, {@code ignore},
 * {@code dead_letter}); and job requests triggered.
 */
public final class ObjectEventMetrics {
    static final String INVALID = "invalid";

    private final MeterRegistry registry;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Counter triggered;
    private final TransactionalCounters pending = new TransactionalCounters();

    public ObjectEventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.triggered = Counter.builder("locness_ingest_auto_triggered_jobs")
                .description("Job requests published for symbols whose pre-swept objects arrived")
                .register(registry);
    }

    void event(S3EventKind kind, String action) {
        event(kind.name().toLowerCase(Locale.ROOT), action);
    }

    void event(String kind, String action) {
        pending.add(events.computeIfAbsent(kind + "/" + action, k -> Counter.builder("locness_ingest_object_events")
                .description("Lake object events consumed, by S3 event kind and what ingest did with them")
                .tag("kind", kind).tag("action", action).register(registry)));
    }

    void triggered() {
        pending.add(triggered);
    }

    void committed() {
        pending.commit();
    }

    void discarded() {
        pending.discard();
    }
}
