package org.locness.sweeper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locness.events.InvalidEventException;
import org.locness.events.id.NodeName;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;

/**
 * One node's sweeper settings, read from the environment once and checked at start.
 *
 * @param kafka         bootstrap servers and optional SCRAM credentials ({@code LOCNESS_KAFKA_*})
 * @param lake          the S3 endpoint and credentials ({@code LOCNESS_S3_*})
 * @param node          the inference node whose outputs this sweeper owns ({@code LOCNESS_NODE}, required);
 *                      events of other nodes are skipped
 * @param stagingDir    the node's local staging directory ({@code LOCNESS_STAGING_DIR}, default /data/local)
 * @param parallelism   how many files are uploaded at once ({@code LOCNESS_SWEEPER_PARALLELISM}, 1..32,
 *                      default 2: a model's output and its patterns go up together)
 * @param orphanAge     how old a file must be before the orphan sweep takes it
 *                      ({@code LOCNESS_SWEEPER_ORPHAN_AGE}, ISO-8601, default PT30M): an output older than
 *                      that with no event handled for it is uploaded and announced, and a job's input is
 *                      deleted once it is that old and no output of the job is left. Keep it above the
 *                      longest time the node takes for one job, or an input may go while a model still
 *                      needs it
 * @param sweepInterval how often the orphan sweep runs after the one at start
 *                      ({@code LOCNESS_SWEEPER_SWEEP_INTERVAL}, ISO-8601, default PT5M)
 * @param metricsPort   the port of {@code /metrics} ({@code LOCNESS_METRICS_PORT}, default 9400, 0 = any)
 */
public record SweeperConfig(KafkaSettings kafka, LakeSettings lake, NodeName node, Path stagingDir,
        int parallelism, Duration orphanAge, Duration sweepInterval, int metricsPort) {
    public static final String NODE_ENV = "LOCNESS_NODE";
    public static final String PARALLELISM_ENV = "LOCNESS_SWEEPER_PARALLELISM";
    public static final String ORPHAN_AGE_ENV = "LOCNESS_SWEEPER_ORPHAN_AGE";
    public static final String SWEEP_INTERVAL_ENV = "LOCNESS_SWEEPER_SWEEP_INTERVAL";
    public static final Path DEFAULT_STAGING_DIR = Path.of("/data/local");
    public static final int DEFAULT_PARALLELISM = 2;
    public static final int MAX_PARALLELISM = 32;
    public static final Duration DEFAULT_ORPHAN_AGE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(5);

    public SweeperConfig {
        List<String> problems = new ArrayList<>();
        if (kafka == null) {
            problems.add("Kafka settings are required");
        }
        if (lake == null) {
            problems.add("lake settings are required");
        }
        if (node == null) {
            problems.add(NODE_ENV + " is required");
        }
        if (stagingDir == null) {
            problems.add(StagingDirectory.ENV + " is required");
        }
        if (orphanAge == null) {
            problems.add(ORPHAN_AGE_ENV + " is required");
        }
        if (sweepInterval == null) {
            problems.add(SWEEP_INTERVAL_ENV + " is required");
        }
        problems.addAll(rangeProblems(parallelism, orphanAge, sweepInterval, metricsPort));
        fail(problems);
    }

    /** Reads and validates every setting, reporting all problems at once. */
    public static SweeperConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        KafkaSettings kafka = null;
        try {
            kafka = KafkaSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        LakeSettings lake = null;
        try {
            lake = LakeSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        NodeName node = node(env, problems);
        Path stagingDir = stagingDir(env, problems);
        int parallelism = integer(env, PARALLELISM_ENV, DEFAULT_PARALLELISM, "a number of uploads such as 2", problems);
        Duration orphanAge = duration(env, ORPHAN_AGE_ENV, DEFAULT_ORPHAN_AGE, problems);
        Duration sweepInterval = duration(env, SWEEP_INTERVAL_ENV, DEFAULT_SWEEP_INTERVAL, problems);
        int metricsPort = integer(env, MetricsServer.PORT_ENV, MetricsServer.DEFAULT_PORT, "a port number", problems);
        problems.addAll(rangeProblems(parallelism, orphanAge, sweepInterval, metricsPort));
        fail(problems);
        return new SweeperConfig(kafka, lake, node, stagingDir, parallelism, orphanAge, sweepInterval, metricsPort);
    }

    /** Scratch space for DuckDB while the orphan sweep reads outputs; outside the staging directory. */
    public Path workDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "locness-sweeper-" + node.value());
    }

    /** Checks the values that are present; absent ones are reported by whoever knows why they are absent. */
    private static List<String> rangeProblems(int parallelism, Duration orphanAge, Duration sweepInterval,
            int metricsPort) {
        List<String> problems = new ArrayList<>();
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            problems.add(PARALLELISM_ENV + " must be in 1.." + MAX_PARALLELISM + ", was " + parallelism);
        }
        if (orphanAge != null && (orphanAge.isNegative() || orphanAge.isZero())) {
            problems.add(ORPHAN_AGE_ENV + " must be a positive duration such as PT30M, was " + orphanAge);
        }
        if (sweepInterval != null && (sweepInterval.isNegative() || sweepInterval.isZero())) {
            problems.add(SWEEP_INTERVAL_ENV + " must be a positive duration such as PT5M, was " + sweepInterval);
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            problems.add(MetricsServer.PORT_ENV + " must be a port in 0..65535, was " + metricsPort);
        }
        return problems;
    }

    private static NodeName node(Map<String, String> env, List<String> problems) {
        String raw = env.get(NODE_ENV);
        if (raw == null || raw.isBlank()) {
            problems.add(NODE_ENV + " is not set: name the inference node this sweeper serves, e.g. vm1");
            return null;
        }
        try {
            return NodeName.of(raw.trim());
        } catch (InvalidEventException e) {
            problems.add(NODE_ENV + ": " + e.reason());
            return null;
        }
    }

    private static Path stagingDir(Map<String, String> env, List<String> problems) {
        String raw = env.get(StagingDirectory.ENV);
        if (raw == null || raw.isBlank()) {
            return DEFAULT_STAGING_DIR;
        }
        Path dir = Path.of(raw.trim());
        if (!dir.isAbsolute()) {
            problems.add(StagingDirectory.ENV + ": '" + raw + "' must be an absolute path");
            return null;
        }
        return dir.normalize();
    }

    private static int integer(Map<String, String> env, String name, int fallback, String expected,
            List<String> problems) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + raw + "' is not " + expected);
            return fallback;
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback, List<String> problems) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(raw.trim());
        } catch (DateTimeParseException e) {
            problems.add(name + ": '" + raw + "' is not an ISO-8601 duration such as PT30M or PT5M");
            return null;
        }
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid sweeper configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
