package org.locness.inference.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

/**
 * The meters of the node's models, on the registry it is given. Prometheus names:
 * {@code slm_inference_duration_seconds} (histogram), {@code slm_prompt_tokens} (histogram),
 * {@code locness_inference_failures_total}, {@code locness_jobs_processed_total},
 * {@code locness_model_cpus}, {@code locness_model_batch_jobs} (summary),
 * {@code locness_model_prefix_prefills_total}, {@code locness_model_prefix_cache_bytes}. The cache lookups are {@link org.locness.inference.cache.CacheMetrics}.
 */
public final class ModelMetrics {
    /**
     * Bucket bounds from 5 ms (a tiny model) to 5 minutes (a 7B model on a long prompt), so that
     * {@code histogram_quantile} interpolates within a narrow bucket at either end.
     */
    static final Duration[] INFERENCE_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};
    static final double[] PROMPT_TOKEN_BUCKETS = {32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};

    /** What the node did with one job for one model. */
    enum JobOutcome {
        SUCCEEDED("succeeded"),
        FAILED("failed"),
        /** The outputs were already in the staging directory; the event was published again from them. */
        REPUBLISHED("republished"),
        /** The sweeper had already staged the result, so the event had been published before. */
        ALREADY_STAGED("already-staged"),
        /** The job does not expect this model. */
        NOT_EXPECTED("not-expected");

        private final String label;

        JobOutcome(String label) {
            this.label = label;
        }
    }

    private final MeterRegistry registry;
    private final NodeName node;

    public ModelMetrics(MeterRegistry registry, NodeName node) {
        this.registry = registry;
        this.node = node;
    }

    /**
     * Registers a started model's histograms at zero, so their series exist before its first job: a
     * series born with its first observations already counted shows no increase to {@code rate()},
     * and the seed's quantile query would have nothing for a model that scored a few jobs at once.
     */
    public void started(ModelName model) {
        inferenceTimer(model);
        promptTokenSummary(model);
    }

    void inference(ModelName model, Duration took) {
        inferenceTimer(model).record(took);
    }

    void promptTokens(ModelName model, int tokens) {
        promptTokenSummary(model).record(tokens);
    }

    private Timer inferenceTimer(ModelName model) {
        return Timer.builder("slm.inference.duration")
                .description("Model time per job: its forward pass, or its share of a pass scoring several jobs"
                        + " after the day's cached prompt prefix")
                .tag("model", model.value()).tag("node", node.value())
                .serviceLevelObjectives(INFERENCE_BUCKETS)
                .register(registry);
    }

    private DistributionSummary promptTokenSummary(ModelName model) {
        return DistributionSummary.builder("slm.prompt.tokens")
                .description("Tokens of the prompts scored, after trimming to the context limit")
                .tag("model", model.value()).tag("node", node.value())
                .serviceLevelObjectives(PROMPT_TOKEN_BUCKETS)
                .register(registry);
    }

    void batch(ModelName model, int jobs) {
        DistributionSummary.builder("locness.model.batch.jobs")
                .description("Jobs a model scored together from one polled batch")
                .tag("model", model.value()).tag("node", node.value())
                .register(registry).record(jobs);
    }

    void failure(ModelName model, FailureKind kind) {
        Counter.builder("locness.inference.failures")
                .description("Jobs a model answered with a failed result, by reason")
                .tag("model", model.value()).tag("node", node.value()).tag("reason", kind.label())
                .register(registry).increment();
    }

    void processed(ModelName model, JobOutcome outcome) {
        Counter.builder("locness.jobs.processed")
                .description("Ready jobs handled by a model's consumer, by outcome")
                .tag("model", model.value()).tag("node", node.value()).tag("status", outcome.label)
                .register(registry).increment();
    }

    /** How often the model computed a shared prompt prefix, and the memory the cached ones hold. */
    public void prefixReuse(ModelRuntime runtime) {
        FunctionCounter.builder("locness.model.prefix.prefills", runtime, ModelRuntime::prefixPrefills)
                .description("Shared prompt prefixes the model computed: about one per day and context version;"
                        + " every other job of the day reuses the cached one")
                .tag("model", runtime.name().value()).tag("node", node.value())
                .register(registry);
        Gauge.builder("locness.model.prefix.cache.bytes", runtime, ModelRuntime::prefixCacheBytes)
                .description("Native memory of the model's cached prompt prefixes (KV cache)")
                .tag("model", runtime.name().value()).tag("node", node.value())
                .baseUnit("bytes")
                .register(registry);
    }

    /** The CPUs a model's thread actually runs on, as a label, with their count as the value. */
    public void modelCpus(ModelName model, CpuSet cpus) {
        AtomicInteger count = new AtomicInteger(cpus.size());
        Gauge.builder("locness.model.cpus", count, AtomicInteger::get)
                .description("CPUs the model's pinned thread may run on (effective affinity)")
                .tag("model", model.value()).tag("node", node.value()).tag("cpus", cpus.toString())
                .strongReference(true)
                .register(registry);
    }
}
