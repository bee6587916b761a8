package org.locness.inference.job;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.inference.model.LabelDistribution;
import org.locness.inference.model.LanguageModelScorer;
import org.locness.inference.model.PrefixReusingScorer;
import org.locness.inference.model.ScorerLoader;
import org.locness.inference.placement.Affinity;
import org.locness.inference.placement.PinnedThreadFactory;
import org.locness.inference.placement.Placement;
import org.locness.inference.prompt.Prompt;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.lake.s3.LakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model in a node process: a single thread pinned to the model's CPUs that loads, warms up and
 * runs it, so PyTorch's per-thread state (intra-op thread count, predictor, OpenMP team) and every
 * thread libtorch spawns stay on those CPUs.
 *
 * <p>A model that cannot be loaded is kept as unavailable with the reason, so its consumer can
 * answer each job with a failed result. A load that failed on the way to the lake (unreachable, or
 * the model not uploaded yet) is tried again on the next job; a broken model is not.
 */
public final class ModelRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);
    /** The labels an output row has columns for ({@code p_up}, {@code p_down}, {@code p_flat}). */
    static final Set<String> OUTPUT_LABELS = Set.of("up", "down", "flat");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** A distribution and how long its forward pass took, measured on the model's thread. */
    record Scored(LabelDistribution distribution, Duration took) {
    }

    private final ModelSpec spec;
    private final String question;
    private final Placement placement;
    private final Affinity affinity;
    private final ScorerLoader loader;
    private final ExecutorService executor;
    private volatile LanguageModelScorer scorer;
    private volatile PromptBuilder promptBuilder;
    private volatile ModelFailure unavailable;
    private volatile boolean retryable;
    private volatile CpuSet effectiveCpus;

    public ModelRuntime(ModelSpec spec, String question, Placement placement, Affinity affinity, ScorerLoader loader) {
        this.spec = spec;
        this.question = question;
        this.placement = placement;
        this.affinity = affinity;
        this.loader = loader;
        this.executor = Executors.newSingleThreadExecutor(
                new PinnedThreadFactory(affinity, placement.effective(), "model-" + spec.name()));
        this.unavailable = new ModelFailure(FailureKind.MODEL_UNAVAILABLE, "model " + spec.name() + " is not loaded yet");
    }

    public ModelName name() {
        return spec.name();
    }

    Placement placement() {
        return placement;
    }

    /**
     * Loads the model on its thread. The future completes normally either way; {@link #available()}
     * says how it went.
     */
    public CompletableFuture<Void> load() {
        return CompletableFuture.runAsync(this::loadHere, executor);
    }

    private void loadHere() {
        effectiveCpus = affinity.current();
        long start = System.nanoTime();
        LanguageModelScorer loaded = null;
        try {
            loaded = loader.load(spec, placement.threads());
            Optional<String> labelProblem = labelProblem(spec, loaded.labels());
            if (labelProblem.isPresent()) {
                throw new IllegalStateException(labelProblem.get());
            }
            int limit = Math.min(spec.contextLimit(), loaded.contextLimit());
            promptBuilder = new PromptBuilder(spec.promptTemplate(), question, limit, loaded::countTokens);
            scorer = loaded;
            unavailable = null;
            LOG.info("model {} ready on CPUs {} (asked for {}; the thread reports {}), {} intra-op thread(s),"
                    + " context limit {}, loaded and warmed up in {} ms", spec.name(), placement.effective(),
                    placement.requested(), effectiveCpus, placement.threads(), limit,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | OutOfMemoryError e) {
            if (loaded != null) {
                loaded.close();
            }
            retryable = e instanceof IOException || e instanceof LakeException lake && lake.isTransient();
            unavailable = new ModelFailure(FailureKind.MODEL_UNAVAILABLE, String.valueOf(e.getMessage()), e);
            LOG.error("model {} is unavailable{}; each of its jobs gets a failed result: {}", spec.name(),
                    retryable ? " (tried again on its next job)" : "", e.getMessage());
        }
        if (!effectiveCpus.equals(placement.effective())) {
            LOG.warn("model {}: its thread runs on CPUs {}, not the planned {} (a cgroup cpuset may restrict it)",
                    spec.name(), effectiveCpus, placement.effective());
        }
    }

    /** The model's label names must be the output row's, and the ensemble and the model must agree on them. */
    static Optional<String> labelProblem(ModelSpec spec, List<String> modelLabels) {
        Set<String> names = modelLabels.stream().map(ModelSpec::labelName).collect(Collectors.toSet());
        if (!names.equals(OUTPUT_LABELS) || names.size() != modelLabels.size()) {
            return Optional.of("model " + spec.name() + " scores labels " + modelLabels + ", but an output row has"
                    + " p_up, p_down and p_flat: its labels must be up, down and flat (with the leading space its"
                    + " tokenizer needs)");
        }
        if (!new HashSet<>(spec.labels()).equals(new HashSet<>(modelLabels))) {
            return Optional.of("the ensemble gives model " + spec.name() + " labels " + spec.labels()
                    + " but its config.json lists " + modelLabels + "; make them agree");
        }
        return Optional.empty();
    }

    boolean available() {
        return scorer != null;
    }

    /** Why the model is unavailable, while it is. */
    public Optional<String> unavailableReason() {
        ModelFailure failure = unavailable;
        return failure == null ? Optional.empty() : Optional.of(failure.getMessage());
    }

    /** How many shared prompt prefixes the model has computed; 0 for a model without a KV cache. */
    public long prefixPrefills() {
        return scorer instanceof PrefixReusingScorer reusing ? reusing.prefills() : 0;
    }

    /** Native memory the model's cached prefixes take; 0 for a model without a KV cache. */
    public long prefixCacheBytes() {
        return scorer instanceof PrefixReusingScorer reusing ? reusing.cachedBytes() : 0;
    }

    /** The CPUs the model's thread reported when it loaded the model. */
    public CpuSet effectiveCpus() {
        return effectiveCpus;
    }

    /**
     * Makes sure the model is loaded, trying again first if the last load failed on the way to the lake.
     *
     * @throws ModelFailure ({@link FailureKind#MODEL_UNAVAILABLE}) if it is not
     */
    void requireLoaded() throws ModelFailure, InterruptedException {
        if (scorer == null && retryable) {
            try {
                load().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("loading model " + spec.name() + " failed unexpectedly", e.getCause());
            }
        }
        ModelFailure failure = unavailable;
        if (scorer == null) {
            throw new ModelFailure(FailureKind.MODEL_UNAVAILABLE, failure.getMessage(), failure.getCause());
        }
    }

    /** The model's prompt builder, trimming to the smaller of the ensemble's and the model's context limit. */
    PromptBuilder promptBuilder() {
        return promptBuilder;
    }

    /**
     * Scores prompts on the model's thread, those with the same shared prefix together in passes of
     * up to {@code maxBatch}, within {@code timeout} per prompt. Each prompt's time is its share of
     * its group's passes: the model-seconds it cost. A forward pass cannot be interrupted: after a
     * timeout it runs on, and this model's next jobs queue behind it (each with its own timeout).
     *
     * @return one result per prompt, in order
     * @throws ModelFailure if the model is unavailable, times out, runs out of memory or fails
     */
    List<Scored> score(List<Prompt> prompts, int maxBatch, Duration timeout) throws ModelFailure, InterruptedException {
        requireLoaded();
        LanguageModelScorer current = scorer;
        Map<String, List<Integer>> byPrefix = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            byPrefix.computeIfAbsent(prompts.get(i).sharedPrefix(), prefix -> new ArrayList<>()).add(i);
        }
        Future<Scored[]> pass = executor.submit(() -> {
            Scored[] scored = new Scored[prompts.size()];
            for (Map.Entry<String, List<Integer>> group : byPrefix.entrySet()) {
                List<Integer> members = group.getValue();
                List<String> ownParts = members.stream().map(i -> prompts.get(i).ownPart()).toList();
                long start = System.nanoTime();
                List<LabelDistribution> distributions = current.score(group.getKey(), ownParts, maxBatch);
                Duration share = Duration.ofNanos((System.nanoTime() - start) / members.size());
                for (int m = 0; m < members.size(); m++) {
                    scored[members.get(m)] = new Scored(distributions.get(m), share);
                }
            }
            return scored;
        });
        Duration limit = timeout.multipliedBy(prompts.size());
        try {
            return List.of(pass.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            pass.cancel(true);
            throw new ModelFailure(FailureKind.TIMEOUT, "model " + spec.name() + " gave no answer for "
                    + prompts.size() + " prompt(s) within " + limit);
        } catch (ExecutionException e) {
            throw ModelFailure.ofInference(e.getCause());
        }
    }

    /** Stops the model's thread (waiting for a pass in flight) and frees the model. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("model {}: a forward pass was still running after {}", spec.name(), CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LanguageModelScorer loaded = scorer;
        scorer = null;
        retryable = false;
        unavailable = new ModelFailure(FailureKind.MODEL_UNAVAILABLE, "model " + spec.name() + " is shut down");
        if (loaded != null) {
            loaded.close();
        }
    }
}
