package org.locness.sweeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.id.NodeName;
import org.locness.events.kafka.KafkaSettings;
import org.locness.lake.s3.LakeSettings;

class SweeperConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("LOCNESS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        env.put("LOCNESS_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("LOCNESS_S3_ACCESS_KEY", "locness");
        env.put("LOCNESS_S3_SECRET_KEY", "not-logged");
        env.put("LOCNESS_NODE", "vm1");
        return env;
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredVariablesAreSet() {
        SweeperConfig config = SweeperConfig.fromEnvironment(minimal());

        assertEquals(NodeName.of("vm1"), config.node());
        assertEquals(Path.of("/data/local"), config.stagingDir());
        assertEquals(2, config.parallelism());
        assertEquals(Duration.ofMinutes(30), config.orphanAge());
        assertEquals(Duration.ofMinutes(5), config.sweepInterval());
        assertEquals(9400, config.metricsPort());
        assertEquals("127.0.0.1:9092", config.kafka().bootstrap());
        assertEquals("lake", config.lake().bucket());
    }

    @Test
    void everyVariableIsRead() {
        Map<String, String> env = minimal();
        env.put("LOCNESS_STAGING_DIR", "/srv/locness/../staging");
        env.put("LOCNESS_SWEEPER_PARALLELISM", "4");
        env.put("LOCNESS_SWEEPER_ORPHAN_AGE", "PT10M");
        env.put("LOCNESS_SWEEPER_SWEEP_INTERVAL", "PT30S");
        env.put("LOCNESS_METRICS_PORT", "0");

        SweeperConfig config = SweeperConfig.fromEnvironment(env);

        assertEquals(Path.of("/srv/staging"), config.stagingDir());
        assertEquals(4, config.parallelism());
        assertEquals(Duration.ofMinutes(10), config.orphanAge());
        assertEquals(Duration.ofSeconds(30), config.sweepInterval());
        assertEquals(0, config.metricsPort());
        assertTrue(config.workDir().endsWith("locness-sweeper-vm1"));
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("LOCNESS_NODE", "VM 1");
        env.put("LOCNESS_STAGING_DIR", "relative/dir");
        env.put("LOCNESS_SWEEPER_PARALLELISM", "many");
        env.put("LOCNESS_SWEEPER_ORPHAN_AGE", "30 minutes");
        env.put("LOCNESS_SWEEPER_SWEEP_INTERVAL", "-PT1M");
        env.put("LOCNESS_METRICS_PORT", "70000");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweeperConfig.fromEnvironment(env));

        String message = e.getMessage();
        for (String variable : new String[] {"LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_S3_ENDPOINT", "LOCNESS_NODE",
                "LOCNESS_STAGING_DIR", "LOCNESS_SWEEPER_PARALLELISM", "LOCNESS_SWEEPER_ORPHAN_AGE",
                "LOCNESS_SWEEPER_SWEEP_INTERVAL", "LOCNESS_METRICS_PORT"}) {
            assertTrue(message.contains(variable), variable + " missing from: " + message);
        }
        assertFalse(message.contains("not-logged"));
    }

    @Test
    void missingNodeSaysWhatToSet() {
        Map<String, String> env = minimal();
        env.remove("LOCNESS_NODE");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweeperConfig.fromEnvironment(env));

        assertTrue(e.getMessage().contains("LOCNESS_NODE is not set"), e.getMessage());
    }

    @Test
    void parallelismOutsideItsRangeIsRejected() {
        for (String value : new String[] {"0", "33"}) {
            Map<String, String> env = minimal();
            env.put("LOCNESS_SWEEPER_PARALLELISM", value);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SweeperConfig.fromEnvironment(env));

            assertTrue(e.getMessage().contains("LOCNESS_SWEEPER_PARALLELISM must be in 1..32, was " + value),
                    e.getMessage());
        }
    }

    @Test
    void theConstructorChecksValuesToo() {
        KafkaSettings kafka = KafkaSettings.plain("127.0.0.1:9092");
        LakeSettings lake = new LakeSettings("http://127.0.0.1:9000", "a", "b", null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SweeperConfig(kafka, lake,
                null, null, 1, Duration.ZERO, null, 0));

        assertTrue(e.getMessage().contains("LOCNESS_NODE is required"), e.getMessage());
        assertTrue(e.getMessage().contains("LOCNESS_STAGING_DIR is required"), e.getMessage());
        assertTrue(e.getMessage().contains("LOCNESS_SWEEPER_ORPHAN_AGE must be a positive duration"), e.getMessage());
        assertTrue(e.getMessage().contains("LOCNESS_SWEEPER_SWEEP_INTERVAL is required"), e.getMessage());
    }
}
