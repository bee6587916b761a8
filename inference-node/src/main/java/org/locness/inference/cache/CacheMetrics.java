package org.locness.inference.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.locness.events.id.NodeName;

/** Lookups of the node's local caches, as {@code locness_model_cache_total{node, file, result}}. */
public final class CacheMetrics {
    /** Which local cache a lookup was for. */
    public enum CachedFile {
        CONTEXT("context"),
        PATTERNS("patterns"),
        INPUT("input");

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
}
