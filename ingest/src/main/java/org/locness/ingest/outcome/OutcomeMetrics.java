package org.locness.ingest.outcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.locness.events.outcome.OutcomeStatus;

/**
 * The outcome realizer's meters: {@code locness_outcomes_published_total{status}} (REALIZED,
 * MISSING_DATA, INSUFFICIENT_HISTORY), {@code locness_outcomes_skipped_total{reason}} ({@code pending}:
 * not knowable yet; {@code unchanged}: already published as is; {@code unreadable_ledger}: a damaged
 * ledger entry; {@code undecodable_event}: an object-event record that is no S3 notification, which the
 * object-event trigger dead-letters) and {@code locness_outcomes_realize_duration_seconds}, the time to read the closes and
 * compute the outcomes one record asks for.
 */
final class OutcomeMetrics {
    private final Map<OutcomeStatus, Counter> published = new EnumMap<>(OutcomeStatus.class);
    private final Counter pending;
    private final Counter unchanged;
    private final Counter unreadableLedger;
    private final Counter undecodableEvent;
    private final Timer duration;

    OutcomeMetrics(MeterRegistry registry) {
        for (OutcomeStatus status : OutcomeStatus.values()) {
            published.put(status, Counter.builder("locness_outcomes_published")
                    .description("Outcomes published to outcomes.realized, by status")
                    .tag("status", status.name()).register(registry));
        }
        pending = skipped(registry, "pending");
        unchanged = skipped(registry, "unchanged");
        unreadableLedger = skipped(registry, "unreadable_ledger");
        undecodableEvent = skipped(registry, "undecodable_event");
        duration = Timer.builder("locness_outcomes_realize_duration")
                .description("Reading the closes and computing the outcomes one record asks for")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder("locness_outcomes_skipped")
                .description("Outcomes not published, and records passed over, by reason")
                .tag("reason", reason).register(registry);
    }

    void published(OutcomeStatus status) {
        published.get(status).increment();
    }

    void pending() {
        pending.increment();
    }

    void unchanged() {
        unchanged.increment();
    }

    void unreadableLedger() {
        unreadableLedger.increment();
    }

    void undecodableEvent() {
        undecodableEvent.increment();
    }

    void took(Duration elapsed) {
        duration.record(elapsed);
    }
}
