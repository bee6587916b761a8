package org.locness.aggregator.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.topology.JobTimers.Kind;
import org.locness.events.InvalidEventException;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each job when it becomes ready ({@code jobs.ready}) and starts its deadline, so a job none
 * of whose models ever answers is still decided (FAILED) by {@link ResultCollector}'s punctuator.
 * Shares the job and timer stores with it; both topics are keyed by job id with equal partition
 * counts, so a job's ready event and its results meet in one task.
 *
 * <p>A job already known (its results were read first, or the ready event is repeated) keeps its
 * state and deadline. An unreadable ready event is skipped: the inference nodes dead-letter it, and
 * a job without a valid ready event is never run.
 */
final class ReadyJobs implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyJobs.class);
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);

    private final AggregatorConfig config;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, JobState> jobs;
    private JobTimers timers;

    ReadyJobs(AggregatorConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.jobs = context.getStateStore(ConsensusTopology.JOBS_STORE);
        this.timers = new JobTimers(context.getStateStore(ConsensusTopology.TIMERS_STORE));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        JobReady ready;
        try {
            ready = READY.parse(record.value());
        } catch (InvalidEventException e) {
            LOG.warn("unreadable jobs.ready record (key {}) skipped: {}", record.key(), e.getMessage());
            return;
        }
        long now = context.currentSystemTimeMs();
        // Older than the retention: its job's state, if it ever had one, is already forgotten, and
        // opening it again would publish a second consensus (only a replay from the start can do this).
        if (now - record.timestamp() > config.retention().toMillis()) {
            LOG.info("job {}: ready event older than the retention {} ignored", ready.jobId(), config.retention());
            return;
        }
        if (jobs.get(ready.jobId().value()) != null) {
            return;
        }
        JobState job = JobState.open(ready, now + config.deadline().toMillis(), record.timestamp());
        jobs.put(job.jobId().value(), job);
        timers.schedule(Kind.DEADLINE, job.deadlineMs(), job.jobId());
        LOG.debug("job {}: ready, deadline in {}", job.jobId(), config.deadline());
    }
}
