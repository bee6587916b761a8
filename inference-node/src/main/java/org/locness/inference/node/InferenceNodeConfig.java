package org.locness.inference.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.locness.events.InvalidEventException;
import org.locness.events.config.EnvironmentReader;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleException;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.ensemble.NodeSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;

/**
 * One inference node process's settings, read from the environment once and checked at start.
 *
 * @param kafka            bootstrap servers and optional SCRAM credentials ({@code LOCNESS_KAFKA_*})
 * @param lake             the S3 endpoint and credentials ({@code LOCNESS_S3_*})
 * @param ensemble         the loaded ensemble ({@code LOCNESS_ENSEMBLE}, default {@code config/ensemble.yaml})
 * @param node             the node this process serves ({@code LOCNESS_NODE}, required)
 * @param models           which of the node's models this process runs ({@code LOCNESS_MODELS}, a comma
 *                         list); empty means all of them. K3s runs one pod per model, the demo a whole node
 * @param stagingDir       the node's local staging directory ({@code LOCNESS_STAGING_DIR}, default /data/local)
 * @param modelCacheDir    where models from the lake are kept ({@code LOCNESS_MODEL_CACHE_DIR}, default
 *                         /data/models)
 * @param strictPinning    refuse to start when the ensemble names CPUs this process cannot use
 *                         ({@code LOCNESS_STRICT_PINNING}, default false: use what exists and say so)
 * @param inferenceTimeout the longest one model may take for one prompt ({@code LOCNESS_INFERENCE_TIMEOUT},
 *                         ISO-8601, default PT2M); past it the job's result is a failure
 * @param stagingNode      the node whose local disk {@code stagingDir} is ({@code LOCNESS_STAGING_NODE},
 *                         default {@code node}): its sweeper uploads the outputs. On K3s it is the pod's
 *                         {@code spec.nodeName}, so a model pod that moved to the other SLM VM while its
 *                         own is down is swept there
 * @param metricsPort      the port of {@code /metrics} ({@code LOCNESS_METRICS_PORT}, default 9400, 0 = any)
 * @param scoring          batching and prefix reuse ({@code LOCNESS_BATCH_SIZE}, {@code LOCNESS_BATCH_WAIT},
 *                         {@code LOCNESS_PREFIX_CACHES}; see {@link ScoringSettings})
 * @param marketDays       days of market data the node reads whole and keeps in memory as bar statistics, so a
 *                         day's jobs need not download and read their inputs one by one ({@code LOCNESS_MARKET_DAYS},
 *                         default 2, 0 to 31; 0: every job reads its own input)
 */
public record InferenceNodeConfig(KafkaSettings kafka, LakeSettings lake, Ensemble ensemble, NodeName node,
        List<ModelName> models, Path stagingDir, Path modelCacheDir, boolean strictPinning,
        Duration inferenceTimeout, NodeName stagingNode, int metricsPort, ScoringSettings scoring, int marketDays) {
    public static final String NODE_ENV = "LOCNESS_NODE";
    public static final String STAGING_NODE_ENV = "LOCNESS_STAGING_NODE";
    public static final String MODELS_ENV = "LOCNESS_MODELS";
    public static final String MODEL_CACHE_DIR_ENV = "LOCNESS_MODEL_CACHE_DIR";
    public static final String STRICT_PINNING_ENV = "LOCNESS_STRICT_PINNING";
    public static final String INFERENCE_TIMEOUT_ENV = "LOCNESS_INFERENCE_TIMEOUT";
    public static final String MARKET_DAYS_ENV = "LOCNESS_MARKET_DAYS";
    public static final int DEFAULT_MARKET_DAYS = 2;
    private static final int MAX_MARKET_DAYS = 31;
    public static final Path DEFAULT_STAGING_DIR = Path.of("/data/local");
    public static final Path DEFAULT_MODEL_CACHE_DIR = Path.of("/data/models");
    public static final Duration DEFAULT_INFERENCE_TIMEOUT = Duration.ofMinutes(2);
    private static final String COMPONENT = "inference-node";

    public InferenceNodeConfig {
        List<String> problems = new ArrayList<>();
        if (kafka == null) {
            problems.add("Kafka settings are required");
        }
        if (lake == null) {
            problems.add("lake settings are required");
        }
        if (stagingDir == null) {
            problems.add(StagingDirectory.ENV + " is required");
        }
        if (modelCacheDir == null) {
            problems.add(MODEL_CACHE_DIR_ENV + " is required");
        }
        if (scoring == null) {
            problems.add("scoring settings are required");
        }
        models = models == null ? List.of() : List.copyOf(models);
        stagingNode = stagingNode == null ? node : stagingNode;
        problems.addAll(timeoutProblems(inferenceTimeout));
        marketDaysProblem(marketDays).ifPresent(problems::add);
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(problems::add);
        if (ensemble == null) {
            problems.add("the ensemble is required (" + EnsembleLoader.ENV + ")");
        }
        if (node == null) {
            problems.add(NODE_ENV + " is required");
        }
        if (ensemble != null && node != null) {
            problems.addAll(selectionProblems(ensemble, node, models));
            stagingNodeProblem(ensemble, stagingNode).ifPresent(problems::add);
        }
        EnvironmentReader.throwIfAny(COMPONENT, problems);
    }

    /** Reads and validates every setting, reporting all problems at once. */
    public static InferenceNodeConfig fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env, COMPONENT);
        KafkaSettings kafka = read.attempt(() -> KafkaSettings.fromEnvironment(env));
        LakeSettings lake = read.attempt(() -> LakeSettings.fromEnvironment(env));
        Ensemble ensemble = null;
        Path ensembleFile = read.text(EnsembleLoader.ENV).map(Path::of).orElse(EnsembleLoader.DEFAULT);
        try {
            ensemble = EnsembleLoader.load(ensembleFile);
        } catch (EnsembleException e) {
            read.problem(e.getMessage());
        }
        NodeName node = read.identifier(NODE_ENV, "name the inference node this process serves, e.g. vm1", NodeName::of);
        List<ModelName> models = models(read);
        Path stagingDir = read.directory(StagingDirectory.ENV, DEFAULT_STAGING_DIR);
        Path modelCacheDir = read.directory(MODEL_CACHE_DIR_ENV, DEFAULT_MODEL_CACHE_DIR);
        boolean strict = read.flag(STRICT_PINNING_ENV, false);
        Duration timeout = read.duration(INFERENCE_TIMEOUT_ENV, DEFAULT_INFERENCE_TIMEOUT, "PT2M or PT30S");
        if (timeout != null) {
            timeoutProblems(timeout).forEach(read::problem);
        }
        NodeName stagingNode = read.text(STAGING_NODE_ENV).isEmpty() ? node
                : read.identifier(STAGING_NODE_ENV, "name the node whose disk the staging directory is, e.g. vm2",
                        NodeName::of);
        if (ensemble != null && node != null && models != null) {
            selectionProblems(ensemble, node, models).forEach(read::problem);
        }
        if (ensemble != null && stagingNode != null) {
            stagingNodeProblem(ensemble, stagingNode).ifPresent(read::problem);
        }
        int metricsPort = read.port(MetricsServer.PORT_ENV, MetricsServer.DEFAULT_PORT);
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(read::problem);
        ScoringSettings scoring = ScoringSettings.read(read);
        int marketDays = read.integer(MARKET_DAYS_ENV, DEFAULT_MARKET_DAYS, "a whole number of days, 0 to " + MAX_MARKET_DAYS);
        marketDaysProblem(marketDays).ifPresent(read::problem);
        read.throwIfProblems();
        return new InferenceNodeConfig(kafka, lake, ensemble, node, models, stagingDir, modelCacheDir, strict, timeout,
                stagingNode, metricsPort, scoring, marketDays);
    }

    /** The models this process runs, in ensemble order. */
    public List<ModelSpec> selectedModels() {
        Set<ModelName> chosen = Set.copyOf(models);
        return ensemble.modelsOn(node).stream().filter(m -> chosen.isEmpty() || chosen.contains(m.name())).toList();
    }

    public NodeSpec nodeSpec() {
        return ensemble.node(node).orElseThrow();
    }

    /** Scratch space for DuckDB and merged downloads; outside the staging directory, which the sweeper owns. */
    public Path workDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "locness-inference-" + node.value());
    }

    private static Optional<String> marketDaysProblem(int marketDays) {
        return marketDays < 0 || marketDays > MAX_MARKET_DAYS
                ? Optional.of(MARKET_DAYS_ENV + " must be 0 to " + MAX_MARKET_DAYS + ", was " + marketDays)
                : Optional.empty();
    }

    private static Optional<String> stagingNodeProblem(Ensemble ensemble, NodeName stagingNode) {
        if (stagingNode == null || ensemble.node(stagingNode).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(STAGING_NODE_ENV + ": unknown node '" + stagingNode + "'; no sweeper would upload its outputs;"
                + " the ensemble has nodes " + nodeNames(ensemble));
    }

    private static String nodeNames(Ensemble ensemble) {
        return names(ensemble.nodes().stream().map(n -> n.name().value()).toList());
    }

    private static List<String> selectionProblems(Ensemble ensemble, NodeName node, List<ModelName> models) {
        List<String> problems = new ArrayList<>();
        if (ensemble.node(node).isEmpty()) {
            problems.add(NODE_ENV + ": unknown node '" + node + "'; the ensemble has nodes "
                    + nodeNames(ensemble));
            return problems;
        }
        List<String> onNode = ensemble.modelsOn(node).stream().map(m -> m.name().value()).toList();
        if (onNode.isEmpty()) {
            problems.add("node " + node + " runs no model in the ensemble");
        }
        Set<ModelName> seen = new HashSet<>();
        for (ModelName model : models) {
            if (!seen.add(model)) {
                problems.add(MODELS_ENV + ": model " + model + " is named twice");
                continue;
            }
            Optional<ModelSpec> spec = ensemble.model(model);
            if (spec.isEmpty()) {
                problems.add(MODELS_ENV + ": model " + model + " is not in the ensemble; node " + node + " runs "
                        + names(onNode));
            } else if (!spec.get().node().equals(node)) {
                problems.add(MODELS_ENV + ": model " + model + " is not on this node: it runs on node "
                        + spec.get().node() + "; node " + node + " runs " + names(onNode));
            }
        }
        return problems;
    }

    private static List<String> timeoutProblems(Duration timeout) {
        if (timeout == null) {
            return List.of(INFERENCE_TIMEOUT_ENV + " is required");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            return List.of(INFERENCE_TIMEOUT_ENV + " must be a positive duration such as PT2M, was " + timeout);
        }
        return List.of();
    }

    private static List<ModelName> models(EnvironmentReader read) {
        Optional<String> raw = read.text(MODELS_ENV);
        if (raw.isEmpty()) {
            return List.of();
        }
        List<ModelName> models = new ArrayList<>();
        for (String part : raw.get().split(",", -1)) {
            try {
                models.add(ModelName.of(part.trim()));
            } catch (InvalidEventException e) {
                read.problem(MODELS_ENV + ": '" + part.trim() + "' " + e.reason());
                return null;
            }
        }
        return models;
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : names.stream().collect(Collectors.joining(", "));
    }
}
