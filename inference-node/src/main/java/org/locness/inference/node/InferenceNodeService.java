package org.locness.inference.node;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.inference.cache.CacheMetrics;
import org.locness.inference.cache.CacheRefreshHandler;
import org.locness.inference.cache.DailyCache;
import org.locness.inference.day.DayInputs;
import org.locness.inference.day.MarketDays;
import org.locness.inference.job.JobInputs;
import org.locness.inference.job.ModelJobHandler;
import org.locness.inference.job.ModelMetrics;
import org.locness.inference.job.ModelRuntime;
import org.locness.inference.job.OutputFiles;
import org.locness.inference.model.LakeModelSource;
import org.locness.inference.model.ModelCache;
import org.locness.inference.model.ModelLoader;
import org.locness.inference.placement.Affinity;
import org.locness.inference.placement.CpuLayout;
import org.locness.inference.placement.LinuxAffinity;
import org.locness.inference.placement.Placement;
import org.locness.inference.placement.PlacementException;
import org.locness.inference.placement.ProcessPinning;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.staging.StagingDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code locness inference-node --node N [--model M]}: runs the node's models (or the chosen ones)
 * on every ready job that expects them.
 *
 * <p>At start: the whole process is pinned to the node's CPUs (what exists of them), each model gets a
 * single thread pinned to its own subset, loads there (from its folder, or from the lake through the
 * model cache) and warms up. Then one commit-after-work consumer per model reads {@code jobs.ready} in
 * the model's own group ({@code inference-<model>}), so a slow or failed model never holds up its
 * siblings, and one consumer per node refreshes the daily cache from {@code context.daily-ready} and
 * {@code patterns.unified}. A model that failed to load still has its consumer, which answers each of
 * its jobs with a failed result, so the aggregator never waits for it.
 */
public final class InferenceNodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceNodeService.class);
    private static final Duration PRODUCER_CLOSE_WAIT = Duration.ofSeconds(30);

    private final InferenceNodeConfig config;
    private final List<ModelRuntime> runtimes;
    private final List<ModelJobHandler> handlers;
    private final List<CommitAfterWorkLoop> loops;
    private final Producer<String, byte[]> producer;
    private final MarketDays marketDays;

    private InferenceNodeService(InferenceNodeConfig config, List<ModelRuntime> runtimes, List<ModelJobHandler> handlers,
            List<CommitAfterWorkLoop> loops, Producer<String, byte[]> producer, MarketDays marketDays) {
        this.config = config;
        this.runtimes = runtimes;
        this.handlers = handlers;
        this.loops = loops;
        this.producer = producer;
        this.marketDays = marketDays;
    }

    /**
     * Pins, loads every model, starts the consumers; returns once all of them run. A model that fails
     * to load does not stop the start.
     *
     * @throws PlacementException with strict pinning, when the ensemble names CPUs this process cannot
     *     use (the message names them)
     */
    public static InferenceNodeService start(InferenceNodeConfig config, MeterRegistry registry) throws IOException {
        Affinity affinity = LinuxAffinity.load();
        CpuLayout layout = CpuLayout.plan(config.nodeSpec(), config.selectedModels(), affinity.current(),
                config.strictPinning());
        layout.warning().ifPresent(LOG::warn);
        int pinned = ProcessPinning.pinAll(affinity, layout.nodeCpus());
        LOG.info("node {}: process pinned to CPUs {} ({} thread(s) re-pinned)", config.node(), layout.nodeCpus(), pinned);

        ModelMetrics metrics = new ModelMetrics(registry, config.node());
        CacheMetrics cacheMetrics = new CacheMetrics(registry, config.node());
        StagingDirectory staging = new StagingDirectory(config.stagingDir());
        Clock clock = Clock.systemUTC();
        Lake lake = Lake.connect(config.lake());
        ModelLoader loader = new ModelLoader(new ModelCache(config.modelCacheDir(), new LakeModelSource(lake)),
                config.scoring().prefixCaches());

        List<ModelRuntime> runtimes = new ArrayList<>();
        List<ModelJobHandler> handlers = new ArrayList<>();
        List<CommitAfterWorkLoop> loops = new ArrayList<>();
        Producer<String, byte[]> producer = null;
        MarketDays marketDays = null;
        try {
            List<CompletableFuture<Void>> loads = new ArrayList<>();
            for (int i = 0; i < layout.placements().size(); i++) {
                ModelSpec spec = config.selectedModels().get(i);
                Placement placement = layout.placements().get(i);
                placement.warning().ifPresent(LOG::warn);
                ModelRuntime runtime = new ModelRuntime(spec, config.ensemble().outcome().question(), placement, affinity,
                        loader);
                runtimes.add(runtime);
                loads.add(runtime.load());
            }
            CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).join();
            for (ModelRuntime runtime : runtimes) {
                metrics.started(runtime.name());
                metrics.modelCpus(runtime.name(), runtime.effectiveCpus());
                metrics.prefixReuse(runtime);
            }

            String clientId = "inference-" + config.node();
            producer = new KafkaProducer<>(config.kafka().producer(clientId));
            EventPublisher publisher = new EventPublisher(producer, "locness/inference-node/" + config.node(), clock);
            DeadLetterRouter deadLetters = new DeadLetterRouter(producer);
            DayInputs day = new DayInputs();
            DailyCache cache = new DailyCache(staging, lake, cacheMetrics, day::superseded);
            cache.removeDaysBefore(CacheRefreshHandler.keepFrom(clock));
            JobInputs inputs = new JobInputs(staging, lake, config.workDir(), cacheMetrics);
            marketDays = MarketDays.of(lake, config.workDir(), config.marketDays(), cacheMetrics);
            OutputFiles outputs = new OutputFiles(staging);
            for (ModelRuntime runtime : runtimes) {
                // One thread a model: a job's reads and writes are small, and the models run side by side.
                Connection db = DuckDb.open(config.workDir(), 1);
                ModelJobHandler handler = new ModelJobHandler(config.stagingNode(), runtime, cache, inputs, outputs, lake,
                        publisher, metrics, config.inferenceTimeout(), config.scoring().batchSize(), db, day, marketDays);
                handlers.add(handler);
                String group = Component.inferenceGroup(runtime.name());
                loops.add(new CommitAfterWorkLoop(group, new KafkaConsumer<>(config.kafka().consumer(group)),
                        List.of(Topic.JOBS_READY.topicName()), handler, deadLetters, registry)
                        .gathering(config.scoring().batchSize(), config.scoring().batchWait()));
            }
            String cacheGroup = Component.inferenceCacheGroup(config.stagingNode());
            loops.add(new CommitAfterWorkLoop(cacheGroup, new KafkaConsumer<>(config.kafka().consumer(cacheGroup)),
                    List.of(Topic.CONTEXT_DAILY_READY.topicName(), Topic.PATTERNS_UNIFIED.topicName()),
                    new CacheRefreshHandler(cache, clock), deadLetters, registry));
            loops.forEach(CommitAfterWorkLoop::start);
        } catch (SQLException e) {
            new InferenceNodeService(config, runtimes, handlers, loops, producer, marketDays).close();
            throw new IOException("cannot open DuckDB in " + config.workDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            new InferenceNodeService(config, runtimes, handlers, loops, producer, marketDays).close();
            throw e;
        }
        InferenceNodeService service = new InferenceNodeService(config, runtimes, handlers, loops, producer, marketDays);
        LOG.info("inference node {} started: models {}, staging {}, model cache {}, timeout {}", config.node(),
                service.models(), staging.root(), config.modelCacheDir(), config.inferenceTimeout());
        return service;
    }

    /** Each model of this process and the CPUs its thread runs on, or why it is unavailable. */
    public Map<ModelName, String> models() {
        Map<ModelName, String> models = new LinkedHashMap<>();
        for (ModelRuntime runtime : runtimes) {
            models.put(runtime.name(), runtime.unavailableReason().map(reason -> "unavailable: " + reason)
                    .orElse("CPUs " + runtime.effectiveCpus()));
        }
        return models;
    }

    /** The models of this process that could not be loaded, with the reason. */
    public Map<ModelName, String> unavailableModels() {
        Map<ModelName, String> unavailable = new LinkedHashMap<>();
        for (ModelRuntime runtime : runtimes) {
            runtime.unavailableReason().ifPresent(reason -> unavailable.put(runtime.name(), reason));
        }
        return unavailable;
    }

    /**
     * Stops the consumers (each lets its record in hand finish and commit), then frees the models, the
     * DuckDB connections and the producer. Unfinished jobs are redelivered to the next process.
     */
    @Override
    public void close() {
        loops.forEach(CommitAfterWorkLoop::close);
        runtimes.forEach(ModelRuntime::close);
        for (ModelJobHandler handler : handlers) {
            try {
                handler.close();
            } catch (SQLException e) {
                LOG.warn("closing a DuckDB connection failed: {}", e.getMessage());
            }
        }
        if (producer != null) {
            producer.close(PRODUCER_CLOSE_WAIT);
        }
        if (marketDays != null) {
            marketDays.close();
        }
        LOG.info("inference node {} stopped", config.node());
    }
}
