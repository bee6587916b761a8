package org.locness.events.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code locness_loop_up{loop}}: 1 while a consumer loop (or Kafka Streams client) runs or was
 * stopped on request, 0 once it has stopped for good on a failure. {@code /health} fails and the
 * service process exits while any loop of its registry is down, so the orchestrator restarts it.
 */
public final class LoopHealth {
    public static final String METER = "locness_loop_up";

    private final String loop;
    private final AtomicInteger up = new AtomicInteger(1);

    private LoopHealth(String loop) {
        this.loop = loop;
    }

    /** Registers {@code loop} as up; a loop started again under the same name replaces the old one's meter. */
    public static LoopHealth register(MeterRegistry registry, String loop) {
        LoopHealth health = new LoopHealth(loop);
        Gauge previous = registry.find(METER).tag("loop", loop).gauge();
        if (previous != null) {
            registry.remove(previous);
        }
        Gauge.builder(METER, health.up, AtomicInteger::get)
                .description("1 while a consumer loop runs, 0 once it stopped for good on a failure")
                .tag("loop", loop).strongReference(true).register(registry);
        return health;
    }

    /** Marks the loop stopped for good. */
    public void down() {
        up.set(0);
    }

    public boolean isUp() {
        return up.get() == 1;
    }

    public String loop() {
        return loop;
    }

    /** The names of the loops of {@code registry} that are down for good, sorted; empty when all are up. */
    public static List<String> downLoops(MeterRegistry registry) {
        return registry.find(METER).gauges().stream()
                .filter(gauge -> gauge.value() < 1)
                .map(gauge -> gauge.getId().getTag("loop"))
                .sorted()
                .toList();
    }
}
