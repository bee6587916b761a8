package org.locness.aggregator.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locness.events.config.EnvironmentReader;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleException;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.Quorum;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;
import org.locness.lake.s3.LakeSettings;

/**
 * The aggregator's settings, read from the environment and checked at start.
 *
 * @param kafka     bootstrap servers and optional SCRAM credentials ({@code LOCNESS_KAFKA_*})
 * @param lake      the S3 endpoint, credentials and bucket ({@code LOCNESS_S3_*}): gold predictions and
 *                  merged patterns are written there
 * @param deadline  how long after a job becomes ready (or, if its ready event is read later, after
 *                  its first result) the aggregator waits for every model before deciding from the
 *                  quorum ({@code LOCNESS_AGGREGATOR_DEADLINE}, ISO-8601, default PT10M)
 * @param quorum    what a partial consensus needs: the {@code quorum:} of the ensemble file
 *                  ({@code LOCNESS_ENSEMBLE}, default {@code config/ensemble.yaml}); {@link Quorum#DEFAULT}
 *                  when that variable is unset and no such file exists
 * @param weights   the ensemble file's model weights and its {@code adaptiveWeights:} section (same file
 *                  as the quorum; {@link WeightsSettings#NONE} without one)
 * @param stateDir  where Kafka Streams keeps its stores and the writers their scratch files
 *                  ({@code LOCNESS_AGGREGATOR_STATE_DIR}, required); a persistent volume, so a restart
 *                  resumes from local state instead of replaying the whole changelog
 * @param retention how long a published job's state is kept to recognise late and duplicate results
 *                  ({@code LOCNESS_AGGREGATOR_RETENTION}, default P7D, the retention of
 *                  {@code results.staged}: no result older than that can be replayed)
 * @param metricsPort the port of {@code /metrics} ({@code LOCNESS_METRICS_PORT}, default 9400, 0 = any)
 */
public record AggregatorConfig(KafkaSettings kafka, LakeSettings lake, Duration deadline, Quorum quorum,
        WeightsSettings weights, Path stateDir, Duration retention, int metricsPort) {
    public static final String DEADLINE_ENV = "LOCNESS_AGGREGATOR_DEADLINE";
    public static final String STATE_DIR_ENV = "LOCNESS_AGGREGATOR_STATE_DIR";
    public static final String RETENTION_ENV = "LOCNESS_AGGREGATOR_RETENTION";
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final String COMPONENT = "aggregator";

    /** Directories whose content does not survive a reboot or a pod restart. */
    private static final List<Path> VOLATILE_ROOTS = List.of(Path.of("/tmp"), Path.of("/dev/shm"), Path.of("/run"));

    public AggregatorConfig {
        List<String> problems = new ArrayList<>();
        if (kafka == null) {
            problems.add("Kafka settings are required");
        }
        if (lake == null) {
            problems.add("lake settings are required");
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
        if (quorum == null) {
            problems.add("the quorum is required (" + EnsembleLoader.ENV + ")");
        }
        if (weights == null) {
            problems.add("the weights settings are required (" + EnsembleLoader.ENV + ")");
        }
        problems.addAll(rangeProblems(deadline, retention, metricsPort));
        EnvironmentReader.throwIfAny(COMPONENT, problems);
    }

    /** Reads and validates every setting, reporting all problems at once. */
    public static AggregatorConfig fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env, COMPONENT);
        KafkaSettings kafka = read.attempt(() -> KafkaSettings.fromEnvironment(env));
        LakeSettings lake = read.attempt(() -> LakeSettings.fromEnvironment(env));
        Duration deadline = read.duration(DEADLINE_ENV, DEFAULT_DEADLINE, "PT10M, PT30S or P7D");
        Duration retention = read.duration(RETENTION_ENV, DEFAULT_RETENTION, "PT10M, PT30S or P7D");
        Optional<Ensemble> ensemble = ensemble(read);
        Quorum quorum = ensemble.map(Ensemble::quorum).orElse(Quorum.DEFAULT);
        WeightsSettings weights = ensemble.map(WeightsSettings::of).orElse(WeightsSettings.NONE);
        Path stateDir = stateDir(read);
        int metricsPort = read.port(MetricsServer.PORT_ENV, MetricsServer.DEFAULT_PORT);
        rangeProblems(deadline, retention, metricsPort).forEach(read::problem);
        read.throwIfProblems();
        return new AggregatorConfig(kafka, lake, deadline, quorum, weights, stateDir, retention, metricsPort);
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
    private static List<String> rangeProblems(Duration deadline, Duration retention, int metricsPort) {
        List<String> problems = new ArrayList<>();
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            problems.add(DEADLINE_ENV + " must be a positive duration such as PT10M, was " + deadline);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            problems.add(RETENTION_ENV + " must be a positive duration such as P7D, was " + retention);
        } else if (retention != null && deadline != null && retention.compareTo(deadline) < 0) {
            problems.add(RETENTION_ENV + " (" + retention + ") must not be shorter than " + DEADLINE_ENV + " ("
                    + deadline + ")");
        }
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(problems::add);
        return problems;
    }

    /**
     * The ensemble file, empty when none is named and the default does not exist. The consensus
     * takes each job's models and file weights from its events, so it never needs the same file
     * version as the nodes had; the quorum, the adaptive weights' settings and the static consensus
     * of the scores come from here.
     */
    private static Optional<Ensemble> ensemble(EnvironmentReader read) {
        Optional<Path> named = read.text(EnsembleLoader.ENV).map(Path::of);
        if (named.isEmpty() && !Files.isRegularFile(EnsembleLoader.DEFAULT)) {
            return Optional.empty();
        }
        try {
            return Optional.of(EnsembleLoader.load(named.orElse(EnsembleLoader.DEFAULT)));
        } catch (EnsembleException e) {
            read.problem(EnsembleLoader.ENV + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Path stateDir(EnvironmentReader read) {
        Optional<String> raw = read.text(STATE_DIR_ENV);
        if (raw.isEmpty()) {
            read.problem(STATE_DIR_ENV + " is not set: give a directory on a persistent volume, e.g. /var/lib/locness/aggregator");
            return null;
        }
        return read.directory(STATE_DIR_ENV, null);
    }

    /**
     * A warning when the state directory lies under a file system that is emptied on reboot (/tmp,
     * /dev/shm, /run): the topology then rebuilds from its changelogs after every reboot. Allowed,
     * because a checkout under /tmp (CI, a quick demo) must still run; on K3s give a volume.
     */
    public Optional<String> volatileStateDirWarning() {
        return VOLATILE_ROOTS.stream().filter(stateDir::startsWith).findFirst()
                .map(root -> STATE_DIR_ENV + " '" + stateDir + "' is under " + root
                        + ", which does not survive a reboot; the stores will be rebuilt from their changelogs");
    }
}
