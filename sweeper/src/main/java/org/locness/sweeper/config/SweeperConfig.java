package org.locness.sweeper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locness.events.config.EnvironmentReader;
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
    private static final String COMPONENT = "sweeper";

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
        EnvironmentReader.throwIfAny(COMPONENT, problems);
    }

    /** Reads and validates every setting, reporting all problems at once. */
    public static SweeperConfig fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env, COMPONENT);
        KafkaSettings kafka = read.attempt(() -> KafkaSettings.fromEnvironment(env));
        LakeSettings lake = read.attempt(() -> LakeSettings.fromEnvironment(env));
        NodeName node = read.identifier(NODE_ENV, "name the inference node this sweeper serves, e.g. vm1", NodeName::of);
        Path stagingDir = read.directory(StagingDirectory.ENV, DEFAULT_STAGING_DIR);
        int parallelism = read.integer(PARALLELISM_ENV, DEFAULT_PARALLELISM, "a number of uploads such as 2");
        Duration orphanAge = read.duration(ORPHAN_AGE_ENV, DEFAULT_ORPHAN_AGE, "PT30M or PT5M");
        Duration sweepInterval = read.duration(SWEEP_INTERVAL_ENV, DEFAULT_SWEEP_INTERVAL, "PT30M or PT5M");
        int metricsPort = read.port(MetricsServer.PORT_ENV, MetricsServer.DEFAULT_PORT);
        rangeProblems(parallelism, orphanAge, sweepInterval, metricsPort).forEach(read::problem);
        read.throwIfProblems();
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
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(problems::add);
        return problems;
    }
}
