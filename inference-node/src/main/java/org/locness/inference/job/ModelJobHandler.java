package org.locness.inference.job;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.Timings;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.RecordHandler;
import org.locness.events.lake.LakeKeys;
import org.locness.inference.cache.DailyCache;
import org.locness.inference.day.DayInputs;
import org.locness.inference.day.MarketDays;
import org.locness.inference.job.ModelMetrics.JobOutcome;
import org.locness.inference.job.OutputFiles.ExistingOutput;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.Prompt;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.staging.StagingDirectory.CacheResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's work on one {@code jobs.ready} record: context and patterns into the local cache, the
 * input's bar statistics (from a day of market data in memory, {@link MarketDays}, or from the input
 * made local), the prompt, the forward pass on the model's pinned thread, both output files, then
 * {@code inference.completed}. Returning lets the loop commit, so the event is out before the offset
 * moves on.
 *
 * <p>Idempotent: if the output file is already there the model is not run again and the event is
 * published again from the file; if the sweeper has already staged the result, the event went out
 * before and nothing is done. A model that cannot answer publishes a failed result with the reason;
 * a failure worth retrying (lake or broker unreachable, disk) is thrown, and the loop retries.
 */
public final class ModelJobHandler implements RecordHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelJobHandler.class);
    private static final EventCodec<JobReady> CODEC = EventCodec.of(JobReady.class);

    private final NodeName node;
    private final ModelRuntime runtime;
    private final DailyCache cache;
    private final JobInputs inputs;
    private final OutputFiles outputs;
    private final Lake lake;
    private final EventPublisher publisher;
    private final ModelMetrics metrics;
    private final Duration timeout;
    private final int maxBatch;
    private final Connection db;
    private final DayInputs day;
    private final MarketDays marketDays;
    /**
     * Where the handler asks the lake, while the model works, whether a result is staged already and
     * whether an input whose bars came from memory is still the version they were read from.
     */
    private final ExecutorService lookups;
    /** Jobs of the batch in hand scored together by {@link #prepare}, by record; handle takes them out. */
    private final Map<RecordId, Prepared> prepared = new HashMap<>();

    /** {@code maxBatch}: the most jobs one forward pass scores. */
    public ModelJobHandler(NodeName node, ModelRuntime runtime, DailyCache cache, JobInputs inputs, OutputFiles outputs,
            Lake lake, EventPublisher publisher, ModelMetrics metrics, Duration timeout, int maxBatch, Connection db,
            DayInputs day, MarketDays marketDays) {
        this.node = node;
        this.runtime = runtime;
        this.cache = cache;
        this.inputs = inputs;
        this.outputs = outputs;
        this.lake = lake;
        this.publisher = publisher;
        this.metrics = metrics;
        this.timeout = timeout;
        this.maxBatch = maxBatch;
        this.db = db;
        this.day = day;
        this.marketDays = marketDays;
        // Two: a job's two questions (staged? input replaced?) go to the lake side by side.
        this.lookups = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "lake-lookup-" + runtime.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    private record RecordId(String topic, int partition, long offset) {
        static RecordId of(ConsumerRecord<String, byte[]> record) {
            return new RecordId(record.topic(), record.partition(), record.offset());
        }
    }

    /**
     * A job's prompt and score from a batched pass, the lookup of its staged result started with
     * the pass, and its share of the time the batch took to prepare (part of the job's total).
     */
    private record Prepared(JobReady job, Built built, ModelRuntime.Scored scored, CompletableFuture<Boolean> staged,
            Duration preparation) {
    }

    /**
     * A job's prompt, and whether the market-data object its bars were read from has been replaced
     * since: asked of the lake while the model works when the bars came from a day in memory, known
     * to be false when the job read its own input.
     */
    private record Built(Prompt prompt, CompletableFuture<Boolean> inputReplaced) {
    }

    /**
     * Scores the batch's jobs for this model in shared passes, so that {@link #handle} finds each
     * score ready. Only what can be scored goes in: a job another model's, already answered, or
     * whose prompt fails is left to {@code handle}, which reports it as it would alone; if the
     * pass fails, each job is scored alone there and gets its own result.
     */
    @Override
    public void prepare(List<ConsumerRecord<String, byte[]>> batch) {
        prepared.clear();
        if (batch.size() < 2 || !runtime.available()) {
            return;
        }
        long start = System.nanoTime();
        List<RecordId> ids = new ArrayList<>();
        List<JobReady> jobs = new ArrayList<>();
        List<Built> prompts = new ArrayList<>();
        List<CompletableFuture<Boolean>> staged = new ArrayList<>();
        try {
            for (ConsumerRecord<String, byte[]> record : batch) {
                JobReady job = batchable(record);
                if (job != null) {
                    ids.add(RecordId.of(record));
                    jobs.add(job);
                    staged.add(stagedAlready(job));
                    prompts.add(prompt(job));
                }
            }
            if (prompts.size() < 2) {
                return;
            }
            List<ModelRuntime.Scored> scored = runtime.score(prompts.stream().map(Built::prompt).toList(), maxBatch,
                    timeout);
            Duration share = Duration.ofNanos((System.nanoTime() - start) / prompts.size());
            for (int i = 0; i < ids.size(); i++) {
                prepared.put(ids.get(i), new Prepared(jobs.get(i), prompts.get(i), scored.get(i), staged.get(i),
                        share));
            }
            metrics.batch(runtime.name(), prompts.size());
            LOG.info("model {}: {} jobs scored together in {} ms", runtime.name(), prompts.size(),
                    share.multipliedBy(prompts.size()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.info("model {}: {} job(s) not scored together, each is scored alone: {}", runtime.name(), prompts.size(),
                    e.getMessage());
        }
    }

    /** The record's job if this model still has to score it; null if not, or if it is malformed. */
    private JobReady batchable(ConsumerRecord<String, byte[]> record) {
        try {
            JobReady job = CODEC.parse(record.value());
            return job.expects(runtime.name()) && existing(job).isEmpty() ? job : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws IOException, InterruptedException {
        Prepared ready = prepared.remove(RecordId.of(record));
        JobReady job = CODEC.parse(record.value());
        ModelName model = runtime.name();
        if (!job.expects(model)) {
            metrics.processed(model, JobOutcome.NOT_EXPECTED);
            return;
        }
        long start = System.nanoTime();
        Optional<ExistingOutput> existing = existing(job);
        if (existing.isPresent()) {
            publisher.publish(republished(job, existing.get()));
            metrics.processed(model, JobOutcome.REPUBLISHED);
            LOG.info("job {} model {}: outputs already in place, announced again from {}", job.jobId(), model,
                    existing.get().output().getFileName());
            return;
        }
        // Asked while the model works: a round trip to the lake off the job's path.
        CompletableFuture<Boolean> staged = ready != null ? ready.staged() : stagedAlready(job);
        try {
            Scoring scoring = score(job, ready);
            if (await(staged)) {
                metrics.processed(model, JobOutcome.ALREADY_STAGED);
                LOG.info("job {} model {}: already staged at {}, so announced before; nothing to do", job.jobId(),
                        model, LakeKeys.stagedResult(job.jobId(), model));
                return;
            }
            if (await(scoring.built().inputReplaced())) {
                ObjectKey input = job.inputKeys().get(0);
                marketDays.forget(job.symbol(), input);
                LOG.info("job {} model {}: {} was replaced since its day was read, so the job reads it again",
                        job.jobId(), model, input);
                scoring = score(job, null);
            }
            ModelResult result = ModelResult.of(job, model, node, scoring.scored().distribution(),
                    scoring.prompt().signature(), scoring.prompt().tokens(), scoring.scored().took().toMillis());
            outputs.write(result);
            long total = millisSince(start) + (ready == null ? 0 : ready.preparation().toMillis());
            publisher.publish(InferenceCompleted.succeeded(job.jobId(), job.symbol(), job.date(), model, node,
                    outputs.output(model, job.jobId()).toString(),
                    outputs.patterns(model, job.jobId()).toString(), result.probabilities(), result.signature(),
                    new Timings(result.promptTokens(), result.inferenceMillis(), total), job.expectedModels()));
            metrics.inference(model, scoring.scored().took());
            metrics.promptTokens(model, result.promptTokens());
            metrics.processed(model, JobOutcome.SUCCEEDED);
            LOG.info("job {} model {}: {} ({}), {} tokens{}, inference {} ms, total {} ms", job.jobId(), model,
                    result.prediction(), result.probabilities(), result.promptTokens(),
                    scoring.prompt().trimmed().isEmpty() ? "" : " (trimmed " + scoring.prompt().trimmed() + ")",
                    result.inferenceMillis(), total);
        } catch (ModelFailure failure) {
            if (await(staged)) {
                metrics.processed(model, JobOutcome.ALREADY_STAGED);
                return;
            }
            publisher.publish(InferenceCompleted.failed(job.jobId(), job.symbol(), job.date(), model, node,
                    failure.reason(), new Timings(0, 0, millisSince(start)), job.expectedModels()));
            metrics.failure(model, failure.kind());
            metrics.processed(model, JobOutcome.FAILED);
            LOG.warn("job {} model {}: failed result published: {}", job.jobId(), model, failure.reason());
        } finally {
            staged.cancel(false);
        }
    }

    /** Whether the sweeper has staged this model's result of the job already, asked on the lookup thread. */
    private CompletableFuture<Boolean> stagedAlready(JobReady job) {
        return CompletableFuture.supplyAsync(() -> lake.exists(LakeKeys.stagedResult(job.jobId(), runtime.name())),
                lookups);
    }

    /** Whether the market-data object is no longer the version whose statistics the day in memory holds. */
    private CompletableFuture<Boolean> replacedSince(ObjectKey input, MarketDays.Known known) {
        return CompletableFuture.supplyAsync(() -> !lake.stat(input).map(ObjectInfo::eTag)
                .equals(Optional.of(known.eTag())), lookups);
    }

    /** A lookup's answer; its failure (the lake unreachable) is the job's, to be retried. */
    private static boolean await(CompletableFuture<Boolean> lookup) throws InterruptedException {
        try {
            return lookup.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A job's prompt and its score. */
    private record Scoring(Built built, ModelRuntime.Scored scored) {
        Prompt prompt() {
            return built.prompt();
        }
    }

    /** Scores the job, or takes its score from the batch. */
    private Scoring score(JobReady job, Prepared ready) throws ModelFailure, IOException, InterruptedException {
        if (ready != null && ready.job().equals(job)) {
            return new Scoring(ready.built(), ready.scored());
        }
        runtime.requireLoaded();
        Built built = prompt(job);
        return new Scoring(built, runtime.score(List.of(built.prompt()), 1, timeout).get(0));
    }

    /**
     * The job's prompt for this model, from the statistics of its input's bars (from the day in memory
     * if its day was read, else from the input itself), the day's context and patterns.
     */
    private Built prompt(JobReady job) throws ModelFailure, IOException, InterruptedException {
        Optional<MarketDays.Known> known = job.inputKeys().size() == 1
                ? marketDays.known(job.symbol(), job.inputKeys().get(0)) : Optional.empty();
        BarStatistics stats = known.isPresent() ? known.get().statistics() : bars(job);
        CompletableFuture<Boolean> replaced = known.isPresent() ? replacedSince(job.inputKeys().get(0), known.get())
                : CompletableFuture.completedFuture(false);
        // Held while DuckDB reads them, so no refresh deletes a version under the reader.
        try (DailyCache.Copy context = cache.context(job.contextKey());
                DailyCache.Copy patterns = cache.patterns(job.patternsKey())) {
            return new Built(JobPrompt.build(day, db, runtime.promptBuilder(), job, stats, context.path(),
                    patterns.path()), replaced);
        }
    }

    /**
     * The statistics of the job's bars. An input found in place that cannot be read is fetched again
     * once before it counts as bad: a crash may have cut it short, as inputs are not synced.
     */
    private BarStatistics bars(JobReady job) throws ModelFailure, IOException, InterruptedException {
        CacheResult input = inputs.local(job);
        try {
            return JobPrompt.bars(day, db, job, input.path());
        } catch (ModelFailure | IOException unreadable) {
            if (!input.hit()) {
                throw unreadable;
            }
            LOG.warn("job {} model {}: the local input {} cannot be read, fetching it again: {}", job.jobId(),
                    runtime.name(), input.path().getFileName(), unreadable.getMessage());
            return JobPrompt.bars(day, db, job, inputs.again(job).path());
        }
    }

    /** The earlier run's output, if it is readable; an unreadable one is run again and replaced. */
    private Optional<ExistingOutput> existing(JobReady job) {
        try {
            return outputs.existing(db, runtime.name(), job.jobId());
        } catch (SQLException e) {
            LOG.warn("job {} model {}: the output in place cannot be read, running the model again: {}", job.jobId(),
                    runtime.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The event of an earlier run, from its output row. The row does not record the node's total time,
     * so the inference time stands in for it (the least it can have been), as the sweeper does for orphans.
     */
    private InferenceCompleted republished(JobReady job, ExistingOutput existing) {
        return InferenceCompleted.succeeded(job.jobId(), job.symbol(), job.date(), runtime.name(), node,
                existing.output().toString(), existing.patterns().toString(), existing.probabilities(),
                existing.signature(), new Timings(existing.promptTokens(), existing.inferenceMillis(),
                        existing.inferenceMillis()), job.expectedModels());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() throws SQLException {
        lookups.shutdownNow();
        db.close();
    }
}
