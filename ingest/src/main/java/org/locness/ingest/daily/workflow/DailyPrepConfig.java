package org.locness.ingest.daily.workflow;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.locness.events.config.EnvironmentReader;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.lake.s3.LakeSettings;

/**
 * The daily prep's settings, read once from the environment at start.
 *
 * @param metricsReportEvery how often Temporal's SDK metrics are copied into the Micrometer registry
 * @param metricsPort        the port of {@code /metrics} ({@code LOCNESS_METRICS_PORT}, default 9400, 0 = any)
 * @param fetchConcurrency   how many input files are downloaded at once
 *                           ({@code LOCNESS_DAILY_PREP_FETCH_CONCURRENCY}, 1..64, default twice the
 *                           CPUs the JVM sees, 2..16: {@link #defaultFetchConcurrency})
 * @param summaryCache       how many market files' summaries the worker keeps between preps, so a
 *                           daily run reads only the new day ({@code LOCNESS_DAILY_PREP_SUMMARY_CACHE},
 *                           0..1,000,000 files, default 50,000; 0 reads every window whole)
 */
public record DailyPrepConfig(
        String temporalTarget,
        String namespace,
        String taskQueue,
        ZoneId zone,
        Path workDir,
        KafkaSettings kafka,
        LakeSettings lake,
        Duration metricsReportEvery,
        int metricsPort,
        int fetchConcurrency,
        int summaryCache) {
    public static final String TARGET_ENV = "LOCNESS_TEMPORAL_TARGET";
    public static final String NAMESPACE_ENV = "LOCNESS_TEMPORAL_NAMESPACE";
    public static final String TASK_QUEUE_ENV = "LOCNESS_DAILY_PREP_TASK_QUEUE";
    public static final String ZONE_ENV = "LOCNESS_DAILY_PREP_ZONE";
    public static final String WORK_DIR_ENV = "LOCNESS_DAILY_PREP_WORK_DIR";
    public static final String FETCH_CONCURRENCY_ENV = "LOCNESS_DAILY_PREP_FETCH_CONCURRENCY";
    public static final String SUMMARY_CACHE_ENV = "LOCNESS_DAILY_PREP_SUMMARY_CACHE";
    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_TASK_QUEUE = "locness-daily-prep";
    public static final Duration DEFAULT_METRICS_REPORT_EVERY = Duration.ofSeconds(10);
    public static final int MAX_FETCH_CONCURRENCY = 64;
    public static final int MAX_SUMMARY_CACHE = 1_000_000;

    public DailyPrepConfig {
        requireText(TARGET_ENV, temporalTarget, "give Temporal's gRPC endpoint, e.g. 127.0.0.1:7233");
        requireText(NAMESPACE_ENV, namespace, "e.g. " + DEFAULT_NAMESPACE);
        requireText(TASK_QUEUE_ENV, taskQueue, "e.g. " + DEFAULT_TASK_QUEUE);
        if (temporalTarget.contains("://")) {
            throw new IllegalArgumentException(TARGET_ENV + " must be host:port (gRPC), not a URL: '" + temporalTarget + "'");
        }
        if (zone == null) {
            throw new IllegalArgumentException(ZONE_ENV + " is missing");
        }
        if (workDir == null) {
            throw new IllegalArgumentException(WORK_DIR_ENV + " is missing");
        }
        if (kafka == null || lake == null) {
            throw new IllegalArgumentException("the daily prep needs both Kafka and lake settings");
        }
        if (metricsReportEvery == null || metricsReportEvery.isNegative() || metricsReportEvery.isZero()) {
            throw new IllegalArgumentException("the metrics report interval must be positive, was " + metricsReportEvery);
        }
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        fetchConcurrencyProblem(fetchConcurrency).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        summaryCacheProblem(summaryCache).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Reads every setting and reports all problems at once, each naming its variable. */
    public static DailyPrepConfig fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env, "daily-prep");
        String target = read.text(TARGET_ENV).orElse(null);
        if (target == null) {
            read.problem(TARGET_ENV + " is not set: give Temporal's gRPC endpoint, e.g. 127.0.0.1:7233");
        } else if (target.contains("://")) {
            read.problem(TARGET_ENV + " must be host:port (gRPC), not a URL: '" + target + "'");
        }
        ZoneId zone = zone(read);
        Path workDir = read.directory(WORK_DIR_ENV,
                Path.of(System.getProperty("java.io.tmpdir"), "locness-daily-prep").toAbsolutePath());
        KafkaSettings kafka = read.attempt(() -> KafkaSettings.fromEnvironment(env));
        LakeSettings lake = read.attempt(() -> LakeSettings.fromEnvironment(env));
        int metricsPort = read.port(MetricsServer.PORT_ENV, MetricsServer.DEFAULT_PORT);
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(read::problem);
        int fetchConcurrency = read.integer(FETCH_CONCURRENCY_ENV, defaultFetchConcurrency(), "a number of downloads such as 8");
        fetchConcurrencyProblem(fetchConcurrency).ifPresent(read::problem);
        int summaryCache = read.integer(SUMMARY_CACHE_ENV, SummaryCache.DEFAULT_CAPACITY,
                "a number of files such as " + SummaryCache.DEFAULT_CAPACITY);
        summaryCacheProblem(summaryCache).ifPresent(read::problem);
        read.throwIfProblems();
        return new DailyPrepConfig(target, read.text(NAMESPACE_ENV).orElse(DEFAULT_NAMESPACE),
                read.text(TASK_QUEUE_ENV).orElse(DEFAULT_TASK_QUEUE), zone, workDir, kafka, lake,
                DEFAULT_METRICS_REPORT_EVERY, metricsPort, fetchConcurrency, summaryCache);
    }

    public DailyPrepConfig withTaskQueue(String queue) {
        return new DailyPrepConfig(temporalTarget, namespace, queue, zone, workDir, kafka, lake, metricsReportEvery,
                metricsPort, fetchConcurrency, summaryCache);
    }

    public DailyPrepConfig withMetricsReportEvery(Duration every) {
        return new DailyPrepConfig(temporalTarget, namespace, taskQueue, zone, workDir, kafka, lake, every, metricsPort,
                fetchConcurrency, summaryCache);
    }

    /**
     * Downloads in flight by default: a window is hundreds of small objects, and a few requests in
     * flight hide their round trips, but each costs the worker CPU too (signing, XML, a file). On the
     * pod's 2 CPUs (and this project's 2-vCPU benchmark) 4 or 5 at once took 0.39-0.48 s a daily run
     * and 8 took 0.58 s, so two per CPU, at most 16.
     */
    public static int defaultFetchConcurrency() {
        return defaultFetchConcurrency(Runtime.getRuntime().availableProcessors());
    }

    static int defaultFetchConcurrency(int processors) {
        return Math.max(2, Math.min(16, 2 * processors));
    }

    private static Optional<String> fetchConcurrencyProblem(int fetchConcurrency) {
        return fetchConcurrency < 1 || fetchConcurrency > MAX_FETCH_CONCURRENCY
                ? Optional.of(FETCH_CONCURRENCY_ENV + " must be in 1.." + MAX_FETCH_CONCURRENCY + ", was " + fetchConcurrency)
                : Optional.empty();
    }

    private static Optional<String> summaryCacheProblem(int summaryCache) {
        return summaryCache < 0 || summaryCache > MAX_SUMMARY_CACHE
                ? Optional.of(SUMMARY_CACHE_ENV + " must be in 0.." + MAX_SUMMARY_CACHE + " files, was " + summaryCache)
                : Optional.empty();
    }

    private static ZoneId zone(EnvironmentReader read) {
        String value = read.text(ZONE_ENV).orElse("UTC");
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            read.problem(ZONE_ENV + " is not a time zone: '" + value + "' (use a region id such as Europe/London or UTC)");
            return ZoneId.of("UTC");
        }
    }

    private static void requireText(String name, String value, String hint) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: " + hint);
        }
    }
}
