package org.locness.inference.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.locness.events.id.NodeName;

/**
 * Lookups of the node's local caches, as {@code locness_model_cache_total{node, file, result}}, and its
 * reads of whole market days ({@code locness_node_market_day_read_seconds}).
 */
public final class CacheMetrics {
    /** Which local cache a lookup was for. */
    public enum CachedFile {
        CONTEXT("context"),
        PATTERNS("patterns"),
        INPUT("input"),
        /** Bar statistics of a job's market-data input, from a day the node read whole ({@code MarketDays}). */
        MARKET_DAY("market-day");

        private final String label;

        CachedFile(String label) {
            this.label = label;
        }
    }

    private final MeterRegistry registry;
    private final NodeName node;

    public CacheMetrics(MeterRegistry registry, NodeName node) {
        this.registry = registry;
        this.node = node;
    }

    public void cache(CachedFile file, boolean hit) {
        Counter.builder("locness.model.cache")
                .description("Lookups of the node's local cache (daily context, patterns, job inputs), by result")
                .tag("node", node.value()).tag("file", file.label).tag("result", hit ? "hit" : "miss")
                .register(registry).increment();
    }

    /** A day of market data read whole: how long it took and how many files it gave statistics of. */
    public void marketDayRead(Duration took, int files) {
        Timer.builder("locness.node.market.day.read")
                .description("Reads of a whole day of market data into the node's memory")
                .tag("node", node.value()).register(registry).record(took);
        Counter.builder("locness.node.market.day.files")
                .description("Market-data files whose bar statistics a day read kept in memory")
                .tag("node", node.value()).register(registry).increment(files);
    }
}
