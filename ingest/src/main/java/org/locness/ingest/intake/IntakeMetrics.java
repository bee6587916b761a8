package org.locness.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.locness.events.InvalidEventException;
import org.locness.ingest.kafka.TransactionalCounters;
import org.locness.ingest.prep.NoInputException;

/**
 * Job intake's meters. Request outcomes count when their transaction commits: accepted = jobs ready
 * + duplicates; rejected by reason (the offending field, {@code malformed} for unreadable JSON, or
 * {@code no-input}). Prep duration is the time from ledger lookup to moved inputs.
 */
public final class IntakeMetrics {
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter jobsReady;
    private final Timer prepDuration;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final TransactionalCounters pending = new TransactionalCounters();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("locness_ingest_requests_accepted")
                .description("Job requests that were valid (each became a job, or was a duplicate of one)")
                .register(registry);
        this.duplicates = Counter.builder("locness_ingest_requests_duplicate")
                .description("Job requests whose explicit jobId was already a job for that symbol and date")
                .register(registry);
        this.jobsReady = Counter.builder("locness_ingest_jobs_ready")
                .description("Jobs published to jobs.ready")
                .register(registry);
        this.prepDuration = Timer.builder("locness_ingest_prep_duration")
                .description("Pre-job prep: ledger, input selection and MOVE of pre-swept objects")
                .publishPercentileHistogram()
                .register(registry);
    }

    void jobReady() {
        pending.add(accepted);
        pending.add(jobsReady);
    }

    void duplicate() {
        pending.add(accepted);
        pending.add(duplicates);
    }

    void rejected(InvalidEventException error) {
        String reason = reasonOf(error);
        pending.add(rejected.computeIfAbsent(reason, r -> Counter.builder("locness_ingest_requests_rejected")
                .description("Job requests sent to jobs.requested.dlq, by reason")
                .tag("reason", r).register(registry)));
    }

    void prepared(Duration duration) {
        prepDuration.record(duration);
    }

    void committed() {
        pending.commit();
    }

    void discarded() {
        pending.discard();
    }

    /** A bounded tag value: {@code no-input}, {@code malformed}, or the top-level field ({@code models[1]} → models). */
    static String reasonOf(InvalidEventException error) {
        if (error instanceof NoInputException) {
            return NoInputException.REASON;
        }
        String field = error.field() == null ? "$" : error.field();
        if (field.equals("$")) {
            return "malformed";
        }
        return field.split("[.\\[]", 2)[0];
    }
}
