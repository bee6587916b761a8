package org.locness.events.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.locness.events.kafka.LoopHealth;

class MetricsServerTest {
    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOkWhileEveryLoopRunsAnd503NamingTheLoopsThatStoppedForGood() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("test");
        LoopHealth gold = LoopHealth.register(registry, "aggregator-gold");
        LoopHealth.register(registry, "aggregator-patterns");
        try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
            HttpResponse<String> healthy = get(server.port(), "/health");
            assertEquals(200, healthy.statusCode());
            assertEquals("ok\n", healthy.body());
            assertTrue(get(server.port(), "/metrics").body().contains("locness_loop_up{component=\"test\",loop=\"aggregator-gold\"} 1"));

            gold.down();

            HttpResponse<String> sick = get(server.port(), "/health");
            assertEquals(503, sick.statusCode());
            assertEquals("down: aggregator-gold stopped for good\n", sick.body());
            assertTrue(get(server.port(), "/metrics").body().contains("locness_loop_up{component=\"test\",loop=\"aggregator-gold\"} 0"));
        }
    }

    @Test
    void aLoopStartedAgainUnderTheSameNameReplacesTheOldOnesHealth() {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("test");
        LoopHealth.register(registry, "inference-gemma").down();
        LoopHealth.register(registry, "inference-gemma");
        assertEquals(java.util.List.of(), LoopHealth.downLoops(registry));
    }

    @Test
    void aTakenPortFailsInOneLineNamingThePortAndHowToChangeIt() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("test");
        try (MetricsServer first = MetricsServer.start(registry, "127.0.0.1", 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MetricsServer.start(registry, "127.0.0.1", first.port()));
            assertTrue(e.getMessage().startsWith("metrics port " + first.port() + " is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("LOCNESS_METRICS_PORT=<port>"), e.getMessage());
            assertTrue(e.getMessage().contains("0 for any free port"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
