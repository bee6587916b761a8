package org.locness.cli.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locness.aggregator.AggregatorService;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.id.NodeName;
import org.locness.events.metrics.MeteredService;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Component;
import org.locness.inference.node.InferenceNodeConfig;
import org.locness.inference.node.InferenceNodeService;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.infra.embedded.StackOptions;
import org.locness.ingest.daily.workflow.DailyPrepConfig;
import org.locness.ingest.daily.workflow.DailyPrepService;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.SweeperService;
import org.locness.sweeper.config.SweeperConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Locness component in one JVM against an embedded stack, each configured through the same
 * environment variables it reads on K3s and each with its own {@code /metrics}: ingest, the daily
 * prep worker, two inference nodes with their sweepers, and the aggregator.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

    /** What to run and where its local state lives. */
    public record Options(Path dataDir, Path ensemble, List<NodeName> nodes, Duration deadline) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, Integer> metricsPorts = new LinkedHashMap<>();
    private final Map<NodeName, MeteredService<InferenceNodeService>> nodes = new LinkedHashMap<>();
    private final EmbeddedStack stack;
    private final Options options;
    private DailyPrepService dailyPrep;

    private LocalPipeline(EmbeddedStack stack, Options options) {
        this.stack = stack;
        this.options = options;
    }

    /**
     * The embedded stack a local command runs on: Kafka, the S3 lake and Temporal on free ports,
     * keeping their data under {@code dataDir}/stack.
     */
    public static EmbeddedStack startStack(Path dataDir) throws Exception {
        return EmbeddedStack.start(StackOptions.local(0, 0, 0, dataDir.resolve("stack"), true, false, System.getenv()));
    }

    /**
     * Starts every component on {@code stack}; on a secured broker each one runs under its own
     * KafkaUser, as on the cluster.
     */
    public static LocalPipeline start(EmbeddedStack stack, Options options) throws Exception {
        LocalPipeline pipeline = new LocalPipeline(stack, options);
        try {
            pipeline.startAll();
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    private void startAll() throws Exception {
        Lake.connect(LakeSettings.fromEnvironment(stack.environment())).ensureBucket();

        // The daily prep runs when the demo asks (runNow), so no cron workflow is left in the stack.
        DailyPrepConfig prepConfig = DailyPrepConfig.fromEnvironment(with(Component.DAILY_PREP, Map.of(
                DailyPrepConfig.WORK_DIR_ENV, options.dataDir().resolve("daily-prep").toString())));
        dailyPrep = start("daily-prep", "daily-prep", prepConfig.metricsPort(),
                registry -> DailyPrepService.startUnscheduled(prepConfig, registry)).service();

        // Jobs come from explicit submissions here, so the seeded pre-swept files must not trigger more.
        IngestConfig ingestConfig = IngestConfig.fromEnvironment(with(Component.INGEST, Map.of(
                IngestConfig.AUTO_TRIGGER_ENV, "false", IngestConfig.INSTANCE_ENV, "demo")));
        start("ingest", "ingest", ingestConfig.metricsPort(), registry -> IngestService.start(ingestConfig, registry));

        for (NodeName node : options.nodes()) {
            startNode(node);
            SweeperConfig sweeperConfig = SweeperConfig.fromEnvironment(with(Component.SWEEPER, Map.of(
                    SweeperConfig.NODE_ENV, node.value(), StagingDirectory.ENV, localDir(node).toString())));
            start("sweeper-" + node, "sweeper", sweeperConfig.metricsPort(),
                    registry -> SweeperService.start(sweeperConfig, registry));
        }

        AggregatorConfig aggregatorConfig = AggregatorConfig.fromEnvironment(with(Component.AGGREGATOR, Map.of(
                AggregatorConfig.STATE_DIR_ENV, options.dataDir().resolve("aggregator").toAbsolutePath().toString(),
                AggregatorConfig.DEADLINE_ENV, options.deadline().toString())));
        start("aggregator", "aggregator", aggregatorConfig.metricsPort(),
                registry -> AggregatorService.start(aggregatorConfig, registry));
        LOG.info("pipeline started: {}", metricsPorts);
    }

    /** Starts (or restarts) one node's inference service with its own /metrics. */
    public void startNode(NodeName node) throws Exception {
        InferenceNodeConfig config = InferenceNodeConfig.fromEnvironment(with(Component.INFERENCE_NODE, Map.of(
                InferenceNodeConfig.NODE_ENV, node.value(),
                StagingDirectory.ENV, localDir(node).toString(),
                InferenceNodeConfig.MODEL_CACHE_DIR_ENV, options.dataDir().resolve(node.value()).resolve("models").toString())));
        nodes.put(node, start("inference-" + node, "inference-node", config.metricsPort(),
                registry -> InferenceNodeService.start(config, registry)));
    }

    /**
     * Starts one component the way {@code ServiceRunner} does, with its own registry and
     * {@code /metrics} on 127.0.0.1, and closes it with the pipeline.
     *
     * @param name      its key in {@link #metricsPorts()}, e.g. {@code sweeper-vm1}
     * @param component the {@code component} tag of its meters, e.g. {@code sweeper}
     */
    private <S extends AutoCloseable> MeteredService<S> start(String name, String component, int metricsPort,
            MeteredService.Starter<S> starter) throws Exception {
        MeteredService<S> running = MeteredService.start(MetricsServer.newRegistry(component), "127.0.0.1", metricsPort,
                starter);
        started.push(running);
        metricsPorts.put(name, running.metricsPort());
        return running;
    }

    private Path localDir(NodeName node) {
        return options.dataDir().resolve(node.value()).resolve("local");
    }

    /** {@code component}'s environment: the stack's, under its own KafkaUser, with the demo's ensemble and free ports. */
    private Map<String, String> with(Component component, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(stack.environment(component));
        env.put(EnsembleLoader.ENV, options.ensemble().toString());
        env.put(MetricsServer.PORT_ENV, "0");
        env.putAll(overrides);
        return env;
    }

    public DailyPrepService dailyPrep() {
        return dailyPrep;
    }

    /** Component name → port of its {@code /metrics} on 127.0.0.1. */
    public Map<String, Integer> metricsPorts() {
        return Map.copyOf(metricsPorts);
    }

    /** Stops one node's inference service (the failure drill of the end-to-end tests). */
    public void stopNode(NodeName node) throws Exception {
        MeteredService<InferenceNodeService> service = nodes.remove(node);
        if (service != null) {
            started.remove(service);
            service.close();
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
                LOG.warn("closing a pipeline component failed: {}", e.toString());
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
