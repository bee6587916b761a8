package org.locness.cli.demo;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.locness.events.metrics.MetricsServer;
import org.locness.inference.node.InferenceNodeConfig;
import org.locness.inference.node.InferenceNodeService;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.daily.workflow.DailyPrepConfig;
import org.locness.ingest.daily.workflow.DailyPrepService;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
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
    private final Map<NodeName, InferenceNodeService> nodes = new LinkedHashMap<>();
    private final Map<String, String> environment;
    private final Options options;
    private DailyPrepService dailyPrep;

    private LocalPipeline(Map<String, String> environment, Options options) {
        this.environment = environment;
        this.options = options;
    }

    public static LocalPipeline start(EmbeddedStack stack, Options options) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(stack.environment());
        env.put(EnsembleLoader.ENV, options.ensemble().toString());
        env.put(MetricsServer.PORT_ENV, "0");
        LocalPipeline pipeline = new LocalPipeline(Map.copyOf(env), options);
        try {
            pipeline.startAll();
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    private void startAll() throws Exception {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(environment));
        lake.ensureBucket();

        PrometheusMeterRegistry prepRegistry = MetricsServer.newRegistry("daily-prep");
        MetricsServer prepMetrics = track(MetricsServer.start(prepRegistry, "127.0.0.1", 0));
        metricsPorts.put("daily-prep", prepMetrics.port());
        dailyPrep = track(new DailyPrepService(DailyPrepConfig.fromEnvironment(with(Map.of(
                DailyPrepConfig.WORK_DIR_ENV, options.dataDir().resolve("daily-prep").toString()))), prepRegistry));
        dailyPrep.startWorker();

        // Jobs come from explicit submissions here, so the seeded pre-swept files must not trigger more.
        IngestService ingest = track(IngestService.start(IngestConfig.fromEnvironment(with(Map.of(
                IngestConfig.AUTO_TRIGGER_ENV, "false", IngestConfig.INSTANCE_ENV, "demo"))), lake,
                MetricsServer.newRegistry("ingest")));
        metricsPorts.put("ingest", ingest.metricsPort());

        for (NodeName node : options.nodes()) {
            startNode(node);
            Path local = options.dataDir().resolve(node.value()).resolve("local");
            SweeperService sweeper = track(SweeperService.start(SweeperConfig.fromEnvironment(with(Map.of(
                    SweeperConfig.NODE_ENV, node.value(), "LOCNESS_STAGING_DIR", local.toString()))),
                    MetricsServer.newRegistry("sweeper")));
            metricsPorts.put("sweeper-" + node, sweeper.metricsPort());
        }

        AggregatorService aggregator = track(AggregatorService.start(AggregatorConfig.fromEnvironment(with(Map.of(
                AggregatorConfig.STATE_DIR_ENV, options.dataDir().resolve("aggregator").toAbsolutePath().toString(),
                AggregatorConfig.DEADLINE_ENV, options.deadline().toString()))), lake,
                MetricsServer.newRegistry("aggregator")));
        metricsPorts.put("aggregator", aggregator.metricsPort());
        LOG.info("pipeline started: {}", metricsPorts);
    }

    /** Starts (or restarts) one node's inference service with its own /metrics. */
    public void startNode(NodeName node) throws Exception {
        Path local = options.dataDir().resolve(node.value()).resolve("local");
        PrometheusMeterRegistry nodeRegistry = MetricsServer.newRegistry("inference-node");
        MetricsServer nodeMetrics = track(MetricsServer.start(nodeRegistry, "127.0.0.1", 0));
        metricsPorts.put("inference-" + node, nodeMetrics.port());
        InferenceNodeService service = track(InferenceNodeService.start(InferenceNodeConfig.fromEnvironment(with(Map.of(
                InferenceNodeConfig.NODE_ENV, node.value(),
                "LOCNESS_STAGING_DIR", local.toString(),
                InferenceNodeConfig.MODEL_CACHE_DIR_ENV, options.dataDir().resolve(node.value()).resolve("models").toString()))),
                nodeRegistry));
        nodes.put(node, service);
    }

    private Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(overrides);
        return env;
    }

    private <T extends AutoCloseable> T track(T component) {
        started.push(component);
        return component;
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
        InferenceNodeService service = nodes.remove(node);
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
