package org.locness.aggregator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.ensemble.Quorum;
import org.locness.events.weights.AdaptiveWeightsSpec;

class AggregatorConfigTest {
    /** Tests run in the module directory; the file lives in the repository's {@code config/}. */
    private static final String SHIPPED_ENSEMBLE = Path.of("..", "config", "ensemble.yaml").toString();

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("LOCNESS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        env.put("LOCNESS_AGGREGATOR_STATE_DIR", "/var/lib/locness/aggregator");
        env.put("LOCNESS_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("LOCNESS_S3_ACCESS_KEY", "locness");
        env.put("LOCNESS_S3_SECRET_KEY", "locness-secret");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void defaults() {
        AggregatorConfig config = AggregatorConfig.fromEnvironment(env());
        assertEquals("127.0.0.1:9092", config.kafka().bootstrap());
        assertEquals(Duration.ofMinutes(10), config.deadline());
        assertEquals(Quorum.DEFAULT, config.quorum(), "no LOCNESS_ENSEMBLE and no config/ensemble.yaml here");
        assertEquals(WeightsSettings.NONE, config.weights(), "no file weights to start adaptive weights from");
        assertEquals(Duration.ofDays(7), config.retention());
        assertEquals(Path.of("/var/lib/locness/aggregator"), config.stateDir());
        assertEquals(Path.of("/var/lib/locness/aggregator/streams"), config.streamsStateDir());
        assertEquals(9400, config.metricsPort());
        assertEquals(Duration.ofSeconds(1), config.deadlineCheckInterval());
    }

    @Test
    void readsEverySetting() {
        AggregatorConfig config = AggregatorConfig.fromEnvironment(env(
                "LOCNESS_AGGREGATOR_DEADLINE", "PT5S", "LOCNESS_ENSEMBLE", SHIPPED_ENSEMBLE,
                "LOCNESS_AGGREGATOR_RETENTION", "P1D", "LOCNESS_METRICS_PORT", "0"));
        assertEquals(Duration.ofSeconds(5), config.deadline());
        assertEquals(new Quorum(2, 0.4), config.quorum(), "the ensemble file's quorum");
        assertEquals(1.5, config.weights().fileWeights().get("gemma-7b"), "the ensemble file's weights");
        assertEquals(6, config.weights().fileWeights().size());
        assertEquals(new AdaptiveWeightsSpec(0.5, 0.02, 10, "vol"), config.weights().adaptive());
        assertEquals(Duration.ofDays(1), config.retention());
        assertEquals(0, config.metricsPort());
        assertEquals(Duration.ofMillis(500), config.deadlineCheckInterval(), "a tenth of a short deadline");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AggregatorConfig.fromEnvironment(env(
                "LOCNESS_KAFKA_BOOTSTRAP", null, "LOCNESS_AGGREGATOR_STATE_DIR", null,
                "LOCNESS_AGGREGATOR_DEADLINE", "10 minutes", "LOCNESS_ENSEMBLE", "/nonexistent/ensemble.yaml")));
        String message = e.getMessage();
        assertTrue(message.contains("LOCNESS_KAFKA_BOOTSTRAP is not set"), message);
        assertTrue(message.contains("LOCNESS_AGGREGATOR_STATE_DIR is not set"), message);
        assertTrue(message.contains("LOCNESS_AGGREGATOR_DEADLINE: '10 minutes' is not an ISO-8601 duration"), message);
        assertTrue(message.contains("LOCNESS_ENSEMBLE: invalid ensemble /nonexistent/ensemble.yaml"), message);
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertProblem(env("LOCNESS_AGGREGATOR_DEADLINE", "PT0S"), "LOCNESS_AGGREGATOR_DEADLINE must be a positive duration");
        assertProblem(env("LOCNESS_AGGREGATOR_DEADLINE", "-PT1M"), "LOCNESS_AGGREGATOR_DEADLINE must be a positive duration");
        assertProblem(env("LOCNESS_AGGREGATOR_RETENTION", "PT1M"), "must not be shorter than LOCNESS_AGGREGATOR_DEADLINE");
        assertProblem(env("LOCNESS_METRICS_PORT", "70000"), "LOCNESS_METRICS_PORT must be a port in 0..65535");
        assertProblem(env("LOCNESS_METRICS_PORT", "http"), "'http' is not a port number");
    }

    @Test
    void stateDirMustBeAbsoluteAndIsWarnedAboutWhenVolatile() {
        assertProblem(env("LOCNESS_AGGREGATOR_STATE_DIR", "state"), "must be an absolute path");
        assertTrue(AggregatorConfig.fromEnvironment(env("LOCNESS_AGGREGATOR_STATE_DIR", "/var/lib/x"))
                .volatileStateDirWarning().isEmpty());
        assertTrue(AggregatorConfig.fromEnvironment(env("LOCNESS_AGGREGATOR_STATE_DIR", "/tmp/aggregator"))
                .volatileStateDirWarning().orElseThrow().contains("is under /tmp, which does not survive a reboot"));
        assertTrue(AggregatorConfig.fromEnvironment(env("LOCNESS_AGGREGATOR_STATE_DIR", "/dev/shm/x"))
                .volatileStateDirWarning().orElseThrow().contains("is under /dev/shm"));
    }

    private static void assertProblem(Map<String, String> env, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AggregatorConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
