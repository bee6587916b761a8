package org.locness.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.topic.Component;
import org.locness.ingest.testing.TestEnsembles;

class IngestConfigTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LOCNESS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        env.put("LOCNESS_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("LOCNESS_S3_ACCESS_KEY", "locness");
        env.put("LOCNESS_S3_SECRET_KEY", "secret-value");
        env.put("LOCNESS_ENSEMBLE", TestEnsembles.PRODUCTION.toString());
        return env;
    }

    @Test
    void defaults() {
        Map<String, String> env = env();
        env.put("HOSTNAME", "ingest-7f9c");
        IngestConfig config = IngestConfig.fromEnvironment(env);

        assertEquals(ZoneId.of("UTC"), config.zone());
        assertEquals(1, config.maxDaysAhead(), "not after tomorrow");
        assertTrue(config.autoTrigger());
        assertEquals(Duration.ofSeconds(5), config.debounce());
        assertEquals("ingest-7f9c", config.instance());
        assertEquals("ingest-jobs-ingest-7f9c", config.intakeTransactionalId());
        assertEquals("ingest-object-events-ingest-7f9c", config.objectEventsTransactionalId());
        for (String id : new String[] {config.intakeTransactionalId(), config.objectEventsTransactionalId()}) {
            assertTrue(Component.INGEST.transactionalIdPrefixes().stream().anyMatch(id::startsWith), id);
        }
        assertEquals(9400, config.metricsPort());
        assertEquals(6, config.ensemble().models().size());
        assertEquals("lake", config.lake().bucket());
    }

    @Test
    void withoutAHostNameTheInstanceIsIngest() {
        assertEquals("ingest", IngestConfig.fromEnvironment(env()).instance());
    }

    @Test
    void everySettingCanBeGiven() {
        Map<String, String> env = env();
        env.put("LOCNESS_INGEST_ZONE", "America/New_York");
        env.put("LOCNESS_INGEST_MAX_DAYS_AHEAD", "0");
        env.put("LOCNESS_INGEST_AUTO_TRIGGER", "FALSE");
        env.put("LOCNESS_INGEST_DEBOUNCE", "PT0.5S");
        env.put("LOCNESS_INGEST_INSTANCE", "ingest-0");
        env.put("LOCNESS_METRICS_PORT", "0");
        env.put("LOCNESS_ENSEMBLE", TestEnsembles.DEMO.toString());
        IngestConfig config = IngestConfig.fromEnvironment(env);

        assertEquals(ZoneId.of("America/New_York"), config.zone());
        assertEquals(0, config.maxDaysAhead());
        assertFalse(config.autoTrigger());
        assertEquals(Duration.ofMillis(500), config.debounce());
        assertEquals("ingest-0", config.instance());
        assertEquals(0, config.metricsPort());
        assertEquals(TestEnsembles.DEMO, config.ensemblePath());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsVariable() {
        Map<String, String> env = env();
        env.remove("LOCNESS_KAFKA_BOOTSTRAP");
        env.remove("LOCNESS_S3_SECRET_KEY");
        env.put("LOCNESS_ENSEMBLE", "/nonexistent/ensemble.yaml");
        env.put("LOCNESS_INGEST_ZONE", "Mars/Olympus");
        env.put("LOCNESS_INGEST_AUTO_TRIGGER", "sometimes");
        env.put("LOCNESS_INGEST_MAX_DAYS_AHEAD", "tomorrow");
        env.put("LOCNESS_INGEST_DEBOUNCE", "5 seconds");
        env.put("LOCNESS_INGEST_INSTANCE", "../evil");
        env.put("LOCNESS_METRICS_PORT", "http");
        String message = assertThrows(IllegalArgumentException.class, () -> IngestConfig.fromEnvironment(env)).getMessage();

        for (String expected : new String[] {"LOCNESS_KAFKA_BOOTSTRAP is not set", "LOCNESS_S3_SECRET_KEY is not set",
                "LOCNESS_ENSEMBLE: invalid ensemble /nonexistent/ensemble.yaml", "LOCNESS_INGEST_ZONE: 'Mars/Olympus'",
                "LOCNESS_INGEST_AUTO_TRIGGER: 'sometimes' must be true or false", "LOCNESS_INGEST_DEBOUNCE: '5 seconds'",
                "LOCNESS_INGEST_MAX_DAYS_AHEAD: 'tomorrow' is not a number of days",
                "LOCNESS_INGEST_INSTANCE: '../evil'", "LOCNESS_METRICS_PORT: 'http'"}) {
            assertTrue(message.contains(expected), "missing '" + expected + "' in:\n" + message);
        }
    }

    @Test
    void rangesAreChecked() {
        Map<String, String> env = env();
        env.put("LOCNESS_INGEST_DEBOUNCE", "-PT1S");
        env.put("LOCNESS_INGEST_MAX_DAYS_AHEAD", "-1");
        env.put("LOCNESS_METRICS_PORT", "70000");
        String message = assertThrows(IllegalArgumentException.class, () -> IngestConfig.fromEnvironment(env)).getMessage();
        assertTrue(message.contains("LOCNESS_INGEST_MAX_DAYS_AHEAD must not be negative, was -1"), message);
        assertTrue(message.contains("LOCNESS_INGEST_DEBOUNCE must not be negative"), message);
        assertTrue(message.contains("LOCNESS_METRICS_PORT must be a port in 0..65535, was 70000"), message);
    }
}
