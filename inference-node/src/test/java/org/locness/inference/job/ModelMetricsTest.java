package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.metrics.MetricsServer;

class ModelMetricsTest {
    /** Without the zero series, rate() sees no increase for a model whose first jobs all land in one scrape. */
    @Test
    void aStartedModelsHistogramsExistAtZeroBeforeItsFirstJob() {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("inference-node");

        new ModelMetrics(registry, NodeName.of("vm1")).started(ModelName.of("gemma-7b-tiny"));

        String scrape = registry.scrape();
        String labels = "component=\"inference-node\",model=\"gemma-7b-tiny\",node=\"vm1\"";
        assertTrue(scrape.contains("slm_inference_duration_seconds_count{" + labels + "} 0"), scrape);
        assertTrue(scrape.contains("slm_inference_duration_seconds_bucket{" + labels + ",le=\"300.0\"} 0"), scrape);
        assertTrue(scrape.contains("slm_prompt_tokens_count{" + labels + "} 0"), scrape);
    }
}
