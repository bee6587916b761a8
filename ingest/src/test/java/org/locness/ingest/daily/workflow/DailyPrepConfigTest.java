package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.ingest.daily.context.SummaryCache;

class DailyPrepConfigTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LOCNESS_TEMPORAL_TARGET", "127.0.0.1:7233");
        env.put("LOCNESS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        env.put("LOCNESS_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("LOCNESS_S3_ACCESS_KEY", "access");
        env.put("LOCNESS_S3_SECRET_KEY", "secret");
        return env;
    }

    @Test
    void defaults() {
        DailyPrepConfig config = DailyPrepConfig.fromEnvironment(env());
        assertEquals("127.0.0.1:7233", config.temporalTarget());
        assertEquals("default", config.namespace());
        assertEquals("locness-daily-prep", config.taskQueue());
        assertEquals(ZoneId.of("UTC"), config.zone());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "locness-daily-prep"), config.workDir());
        assertEquals("127.0.0.1:9092", config.kafka().bootstrap());
        assertEquals("lake", config.lake().bucket());
        assertEquals(DailyPrepConfig.defaultFetchConcurrency(), config.fetchConcurrency());
    }

    @Test
    void fetchesTwoFilesAtOnceForEachCpuByDefaultFromTwoToSixteen() {
        assertEquals(2, DailyPrepConfig.defaultFetchConcurrency(1));
        assertEquals(4, DailyPrepConfig.defaultFetchConcurrency(2));
        assertEquals(16, DailyPrepConfig.defaultFetchConcurrency(8));
        assertEquals(16, DailyPrepConfig.defaultFetchConcurrency(34));
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = env();
        env.put("LOCNESS_TEMPORAL_NAMESPACE", "locness");
        env.put("LOCNESS_DAILY_PREP_TASK_QUEUE", "prep-test");
        env.put("LOCNESS_DAILY_PREP_ZONE", "Europe/London");
        env.put("LOCNESS_DAILY_PREP_WORK_DIR", "/data/prep");
        env.put("LOCNESS_DAILY_PREP_FETCH_CONCURRENCY", "16");
        DailyPrepConfig config = DailyPrepConfig.fromEnvironment(env);
        assertEquals("locness", config.namespace());
        assertEquals("prep-test", config.taskQueue());
        assertEquals(ZoneId.of("Europe/London"), config.zone());
        assertEquals(Path.of("/data/prep"), config.workDir());
        assertEquals(16, config.fetchConcurrency());
    }

    @Test
    void rejectionsNameTheVariable() {
        Map<String, String> noTarget = env();
        noTarget.remove("LOCNESS_TEMPORAL_TARGET");
        assertMessage(noTarget, "LOCNESS_TEMPORAL_TARGET is not set");
        Map<String, String> url = env();
        url.put("LOCNESS_TEMPORAL_TARGET", "http://temporal:7233");
        assertMessage(url, "LOCNESS_TEMPORAL_TARGET must be host:port");
        Map<String, String> zone = env();
        zone.put("LOCNESS_DAILY_PREP_ZONE", "Mars/Olympus");
        assertMessage(zone, "LOCNESS_DAILY_PREP_ZONE is not a time zone: 'Mars/Olympus'");
        Map<String, String> noLake = env();
        noLake.remove("LOCNESS_S3_ENDPOINT");
        assertMessage(noLake, "LOCNESS_S3_ENDPOINT is not set");
        Map<String, String> noKafka = env();
        noKafka.remove("LOCNESS_KAFKA_BOOTSTRAP");
        assertMessage(noKafka, "LOCNESS_KAFKA_BOOTSTRAP is not set");
        for (String bad : new String[] {"0", "65", "-1"}) {
            Map<String, String> concurrency = env();
            concurrency.put("LOCNESS_DAILY_PREP_FETCH_CONCURRENCY", bad);
            assertMessage(concurrency, "LOCNESS_DAILY_PREP_FETCH_CONCURRENCY must be in 1..64, was " + bad);
        }
        Map<String, String> word = env();
        word.put("LOCNESS_DAILY_PREP_FETCH_CONCURRENCY", "many");
        assertMessage(word, "LOCNESS_DAILY_PREP_FETCH_CONCURRENCY: 'many' is not a number of downloads such as 8");
    }

    @Test
    void theRecordRejectsAFetchConcurrencyOutOfRange() {
        DailyPrepConfig config = DailyPrepConfig.fromEnvironment(env());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DailyPrepConfig(
                config.temporalTarget(), config.namespace(), config.taskQueue(), config.zone(), config.workDir(),
                config.kafka(), config.lake(), config.metricsReportEvery(), config.metricsPort(), 0,
                SummaryCache.DEFAULT_CAPACITY));

        assertTrue(e.getMessage().contains("LOCNESS_DAILY_PREP_FETCH_CONCURRENCY must be in 1..64, was 0"), e.getMessage());
    }

    @Test
    void theSummaryCacheIsReadAndBounded() {
        Map<String, String> env = env();
        assertEquals(SummaryCache.DEFAULT_CAPACITY, DailyPrepConfig.fromEnvironment(env).summaryCache());
        env.put("LOCNESS_DAILY_PREP_SUMMARY_CACHE", "0");
        assertEquals(0, DailyPrepConfig.fromEnvironment(env).summaryCache());
        env.put("LOCNESS_DAILY_PREP_SUMMARY_CACHE", "-1");
        assertMessage(env, "LOCNESS_DAILY_PREP_SUMMARY_CACHE must be in 0..1000000 files, was -1");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = env();
        env.remove("LOCNESS_TEMPORAL_TARGET");
        env.put("LOCNESS_DAILY_PREP_ZONE", "Mars/Olympus");
        env.remove("LOCNESS_KAFKA_BOOTSTRAP");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DailyPrepConfig.fromEnvironment(env));

        assertTrue(e.getMessage().startsWith("invalid daily-prep configuration:"), e.getMessage());
        for (String variable : new String[] {"LOCNESS_TEMPORAL_TARGET", "LOCNESS_DAILY_PREP_ZONE", "LOCNESS_KAFKA_BOOTSTRAP"}) {
            assertTrue(e.getMessage().contains(variable), variable + " missing from " + e.getMessage());
        }
    }

    private static void assertMessage(Map<String, String> env, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DailyPrepConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
