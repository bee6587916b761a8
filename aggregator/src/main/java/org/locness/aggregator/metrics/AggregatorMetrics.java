package org.locness.aggregator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.locness.events.consensus.ConsensusStatus;

/**
 * The aggregator's own meters. Names are given in Micrometer's dotted form; the Prometheus registry
 * renders them as {@code locness_consensus_published_total{status}},
 * {@code locness_consensus_latency_seconds}, {@code locness_results_late_total},
 * {@code locness_results_duplicate_total}, {@code locness_results_dead_lettered_total}.
 *
 * <p>Under exactly-once a task that aborts re-processes its records, so these counters may count a
 * record twice; the topics, not the meters, are the record of truth.
 */
public final class AggregatorMetrics {
    private final Map<ConsensusStatus, Counter> published = new EnumMap<>(ConsensusStatus.class);
    private final Map<ConsensusStatus, Timer> latency = new EnumMap<>(ConsensusStatus.class);
    private final Counter late;
    private final Counter duplicate;
    private final Counter deadLettered;

    public AggregatorMetrics(MeterRegistry registry) {
        for (ConsensusStatus status : ConsensusStatus.values()) {
            String tag = status.name().toLowerCase(Locale.ROOT);
            published.put(status, Counter.builder("locness.consensus.published")
                    .description("Consensus records published, by status")
                    .tag("status", tag).register(registry));
            latency.put(status, Timer.builder("locness.consensus.latency")
                    .description("From the job's last counted result (its record timestamp) to its consensus")
                    .tag("status", tag)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry));
        }
        late = Counter.builder("locness.results.late")
                .description("Results that arrived after their job's consensus was published").register(registry);
        duplicate = Counter.builder("locness.results.duplicate")
                .description("Results for a (job, model) already counted, ignored").register(registry);
        deadLettered = Counter.builder("locness.results.dead.lettered")
                .description("Results sent to results.staged.dlq").register(registry);
    }

    public void published(ConsensusStatus status, Duration sinceLastResult) {
        published.get(status).increment();
        latency.get(status).record(sinceLastResult.isNegative() ? Duration.ZERO : sinceLastResult);
    }

    public void late() {
        late.increment();
    }

    public void duplicate() {
        duplicate.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }
}
