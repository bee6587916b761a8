package org.locness.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code locness_consumer_records_total{loop, outcome}}: one meter for every consumer loop of every component. */
public final class ConsumerLoopMetrics {
    private ConsumerLoopMetrics() {
    }

    /** Outcomes used: processed, dead_lettered, retried (and aborted for transactional loops). */
    public static Counter counter(MeterRegistry registry, String loop, String outcome) {
        return Counter.builder("locness_consumer_records")
                .description("Records handled by a consumer loop, by outcome")
                .tag("loop", loop).tag("outcome", outcome).register(registry);
    }
}
