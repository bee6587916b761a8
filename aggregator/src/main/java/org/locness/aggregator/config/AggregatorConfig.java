package org.locness.aggregator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;

/**
 * The aggregator's settings, read from the environment and checked at start.
 *
 * @param kafka     bootstrap servers and optional SCRAM credentials ({@code LOCNESS_KAFKA_*})
 * @param deadline  how long after a job's first result the aggregator waits for the rest before
 *                  deciding from a quorum ({@code LOCNESS_AGGREGATOR_DEADLINE}, ISO-8601, default PT10M)
 * @param quorum    the share of the job's expected weight that the succeeded models must
 *                  <em>exceed</em> for a partial consensus ({@code LOCNESS_AGGREGATOR_QUORUM}, in
 *                  [0, 1), default 0.5: a strict majority of the weight)
 * @param stateDir  where Kafka Streams keeps its stores and the writers their scratch files
 *                  ({@code LOCNESS_AGGREGATOR_STATE_DIR}, required); a persistent volume, so a restart
 *                  resumes from local state instead of replaying the whole changelog
 * @param retention how long a published job's state is kept to recognise late and duplicate results
 *                  ({@code LOCNESS_AGGREGATOR_RETENTION}, default P7D, the retention of
 *                  {@code results.staged}: no result older than that can be replayed)
 * @param metricsPort the port of {@code /metrics} ({@code LOCNESS_METRICS_PORT}, default 9400, 0 = any)
 */
public record AggregatorConfig(KafkaSettings kafka, Duration deadline, double quorum, Path stateDir,
        Duration retention, int metricsPort) {
    public static final String DEADLINE_ENV = "LOCNESS_AGGREGATOR_DEADLINE";
    public static final String QUORUM_ENV = "LOCNESS_AGGREGATOR_QUORUM";
    public static final String STATE_DIR_ENV = "LOCNESS_AGGREGATOR_STATE_DIR";
    public static final String RETENTION_ENV = "LOCNESS_AGGREGATOR_RETENTION";
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    public static final double DEFAULT_QUORUM = 0.5;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /** Directories whose content does not survive a reboot or a pod restart. */
    private static final List<Path> VOLATILE_ROOTS = List.of(Path.of("/tmp"), Path.of("/dev/shm"), Path.of("/run"));

    public AggregatorConfig {
        List<String> problems = new ArrayList<>();
        if (kafka == null) {
            problems.add("Kafka settings are required");
        }
        if (deadline == null) {
            problems.add(DEADLINE_ENV + " is required");
        }
        if (stateDir == null) {
            problems.add(STATE_DIR_ENV + " is not set: give a directory on a persistent volume");
        }
        if (retention == null) {
            problems.add(RETENTION_ENV + " is required");
        }
        problems.addAll(rangeProblems(deadline, quorum, retention, metricsPort));
        fail(problems);
    }

    /** Reads and validates every setting, reporting all problems at once. */
    public static AggregatorConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        KafkaSettings kafka = null;
        try {
            kafka = KafkaSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        Duration deadline = duration(env, DEADLINE_ENV, DEFAULT_DEADLINE, problems);
        Duration retention = duration(env, RETENTION_ENV, DEFAULT_RETENTION, problems);
        double quorum = quorum(env, problems);
        Path stateDir = stateDir(env, problems);
        int metricsPort = port(env, problems);
        problems.addAll(rangeProblems(deadline, quorum, retention, metricsPort));
        fail(problems);
        return new AggregatorConfig(kafka, deadline, quorum, stateDir, retention, metricsPort);
    }

    /** Kafka Streams' own directory under the state dir. */
    public Path streamsStateDir() {
        return stateDir.resolve("streams");
    }

    /** Scratch space for Parquet files on their way to and from the lake. */
    public Path workDir() {
        return stateDir.resolve("work");
    }

    /**
     * How often the deadline check runs: a tenth of the deadline, at most a second, so a job is
     * decided at most that late.
     */
    public Duration deadlineCheckInterval() {
        Duration tenth = deadline.dividedBy(10);
        Duration floor = Duration.ofMillis(10);
        Duration ceiling = Duration.ofSeconds(1);
        return tenth.compareTo(ceiling) > 0 ? ceiling : tenth.compareTo(floor) < 0 ? floor : tenth;
    }

    /** Checks the values that are present; absent ones are reported by whoever knows why they are absent. */
    private static List<String> rangeProblems(Duration deadline, double quorum, Duration retention, int metricsPort) {
        List<String> problems = new ArrayList<>();
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            problems.add(DEADLINE_ENV + " must be a positive duration such as PT10M, was " + deadline);
        }
        if (!Double.isFinite(quorum) || quorum < 0 || quorum >= 1) {
            problems.add(QUORUM_ENV + " must be a number in [0, 1): the share of the expected weight that the"
                    + " succeeded models must exceed (0.5 = a strict majority), was " + quorum);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            problems.add(RETENTION_ENV + " must be a positive duration such as P7D, was " + retention);
        } else if (retention != null && deadline != null && retention.compareTo(deadline) < 0) {
            problems.add(RETENTION_ENV + " (" + retention + ") must not be shorter than " + DEADLINE_ENV + " ("
                    + deadline + ")");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            problems.add(MetricsServer.PORT_ENV + " must be a port in 0..65535, was " + metricsPort);
        }
        return problems;
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback, List<String> problems) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(raw.trim());
        } catch (DateTimeParseException e) {
            problems.add(name + ": '" + raw + "' is not an ISO-8601 duration such as PT10M, PT30S or P7D");
            return null;
        }
    }

    private static double quorum(Map<String, String> env, List<String> problems) {
        String raw = env.get(QUORUM_ENV);
        if (raw == null || raw.isBlank()) {
            return DEFAULT_QUORUM;
        }
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            problems.add(QUORUM_ENV + ": '" + raw + "' is not a number such as 0.5");
            return DEFAULT_QUORUM;
        }
    }

    private static Path stateDir(Map<String, String> env, List<String> problems) {
        String raw = env.get(STATE_DIR_ENV);
        if (raw == null || raw.isBlank()) {
            problems.add(STATE_DIR_ENV + " is not set: give a directory on a persistent volume, e.g. /var/lib/locness/aggregator");
            return null;
        }
        Path dir = Path.of(raw.trim());
        if (!dir.isAbsolute()) {
            problems.add(STATE_DIR_ENV + ": '" + raw + "' must be an absolute path");
            return null;
        }
        Path normalised = dir.normalize();
        for (Path root : VOLATILE_ROOTS) {
            if (normalised.startsWith(root)) {
                problems.add(STATE_DIR_ENV + ": '" + raw + "' is under " + root
                        + ", which does not survive a restart; give a directory on a persistent volume");
                return null;
            }
        }
        return normalised;
    }

    private static int port(Map<String, String> env, List<String> problems) {
        String raw = env.get(MetricsServer.PORT_ENV);
        if (raw == null || raw.isBlank()) {
            return MetricsServer.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            problems.add(MetricsServer.PORT_ENV + ": '" + raw + "' is not a port number");
            return MetricsServer.DEFAULT_PORT;
        }
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid aggregator configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
