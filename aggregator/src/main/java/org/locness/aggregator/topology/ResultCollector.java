package org.locness.aggregator.topology;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.aggregator.topology.JobTimers.Kind;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.result.ResultStaged;
import org.locness.events.weights.EnsembleWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects each job's results, once per model, and publishes the job's consensus when every
 * expected model has reported or, on the wall clock, at the job's deadline.
 *
 * <p>Time is the task's wall clock ({@link ProcessorContext#currentSystemTimeMs()}), for deadlines
 * and for {@code publishedAt} alike, so {@code TopologyTestDriver} drives both with one clock. The
 * deadline runs from the job's ready event ({@link ReadyJobs}), or from its first result when that
 * is read first, so every ready job is decided, even one none of whose models ever reports.
 */
final class ResultCollector implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ResultCollector.class);
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);

    private final AggregatorConfig config;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, JobState> jobs;
    private JobTimers timers;
    private ReadOnlyKeyValueStore<String, EnsembleWeights> weights;

    ResultCollector(AggregatorConfig config, AggregatorMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.jobs = context.getStateStore(ConsensusTopology.JOBS_STORE);
        this.timers = new JobTimers(context.getStateStore(ConsensusTopology.TIMERS_STORE));
        this.weights = context.getStateStore(ConsensusTopology.WEIGHTS_STORE);
        context.schedule(config.deadlineCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ResultStaged result;
        JobState job;
        try {
            result = StagedResults.parse(record.key(), record.value());
            job = jobs.get(result.jobId().value());
            if (job != null) {
                job.requireConsistent(result);
            }
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        }
        long now = context.currentSystemTimeMs();
        if (job == null) {
            job = JobState.open(result, now + config.deadline().toMillis());
            timers.schedule(Kind.DEADLINE, job.deadlineMs(), job.jobId());
        }
        if (job.hasReported(result.model())) {
            metrics.duplicate();
            LOG.info("job {}: duplicate result from {} ignored", job.jobId(), result.model());
            return;
        }
        if (job.published()) {
            metrics.late();
            LOG.warn("job {}: late result from {} ({}) after its {} consensus; recorded, not published",
                    job.jobId(), result.model(), result.status(), job.publishedStatus());
            jobs.put(job.jobId().value(), job.withOutcome(ModelOutcome.of(result, now, true), record.timestamp()));
            return;
        }
        job = job.withOutcome(ModelOutcome.of(result, now, false), record.timestamp());
        jobs.put(job.jobId().value(), decide(job, false, now));
    }

    private void onWallClock(long now) {
        for (JobId jobId : timers.takeDue(Kind.DEADLINE, now)) {
            JobState job = jobs.get(jobId.value());
            if (job != null && !job.published()) {
                jobs.put(jobId.value(), decide(job, true, now));
            }
        }
        for (JobId jobId : timers.takeDue(Kind.EXPIRY, now)) {
            // Deleting writes a tombstone to the changelog, so restored state forgets the job too.
            jobs.delete(jobId.value());
            LOG.debug("job {}: state expired after {}", jobId, config.retention());
        }
    }

    /** Publishes the job's consensus if it can be decided now; returns the job as it is to be stored. */
    private JobState decide(JobState job, boolean deadlineReached, long now) {
        Optional<ConsensusPrediction> verdict = Verdict.decide(job, config.quorum(), config.weights().adaptive(),
                weights::get, config.deadline(),
                deadlineReached, Instant.ofEpochMilli(now));
        if (verdict.isEmpty()) {
            return job;
        }
        ConsensusPrediction consensus = verdict.get();
        Headers headers = new RecordHeaders();
        CloudEventHeaders.add(headers, consensus, ConsensusTopology.CE_SOURCE, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
        context.forward(new Record<>(consensus.recordKey(), CONSENSUS.serialize(consensus), now, headers),
                ConsensusTopology.CONSENSUS_SINK);
        metrics.published(consensus.status(), Duration.ofMillis(now - job.lastResultTimestampMs()));
        timers.schedule(Kind.EXPIRY, now + config.retention().toMillis(), job.jobId());
        LOG.info("job {}: {} consensus {} from {}{}{}", job.jobId(), consensus.status(),
                consensus.prediction() == null ? "-" : consensus.prediction(), consensus.modelsUsed(),
                consensus.modelsMissing().isEmpty() ? "" : ", missing " + consensus.modelsMissing(),
                consensus.modelsFailed().isEmpty() ? "" : ", failed " + consensus.modelsFailed());
        return job.publishedAs(consensus.status(), now);
    }

    private void deadLetter(Record<String, byte[]> record, InvalidEventException error) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(source.topic(), source.partition(),
                source.offset(), record.timestamp(), TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(),
                record.headers(), Optional.empty());
        ProducerRecord<String, byte[]> dead = DeadLetterRouter.deadLetter(original, error);
        context.forward(new Record<>(dead.key(), dead.value(), record.timestamp(), dead.headers()),
                ConsensusTopology.DLQ_SINK);
        metrics.deadLettered();
        LOG.warn("{}-{}@{} sent to {}: {}", source.topic(), source.partition(), source.offset(),
                DeadLetterRouter.dlqOf(source.topic()), error.getMessage());
    }
}
