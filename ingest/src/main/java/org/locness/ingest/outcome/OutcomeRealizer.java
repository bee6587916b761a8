package org.locness.ingest.outcome;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.RecordHandler;
import org.locness.events.outcome.OutcomeCalculator;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.s3.MinioEventParser;
import org.locness.events.s3.S3ObjectEvent;
import org.locness.events.topic.Topic;
import org.locness.ingest.intake.JobLedger;
import org.locness.ingest.intake.LedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jobs.ready} + {@code lake.object-events} → {@code outcomes.realized}. A ready job gets its
 * outcome at once if the lake already has the market data that decides it; otherwise nothing happens
 * until that data arrives: a new {@code market-data/<SYMBOL>/<date>.parquet} re-examines the symbol's
 * jobs that file can settle ({@link OutcomeWindow#jobDatesDecidedBy}), found in the ingest ledger's day
 * entries. Each outcome is published (and acknowledged) before the handler returns, so the loop commits
 * the record only once its outcomes are durable; an outcome identical to the one last published for the
 * job is not published again.
 */
public final class OutcomeRealizer implements RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRealizer.class);
    private static final EventCodec<JobReady> JOB = EventCodec.of(JobReady.class);

    private final String bucket;
    private final JobLedger ledger;
    private final DailyCloses closes;
    private final OutcomeDefinition definition;
    private final EventPublisher publisher;
    private final OutcomeMetrics metrics;
    private final PublishedOutcomes published = new PublishedOutcomes();
    private final Clock clock;

    public OutcomeRealizer(String bucket, JobLedger ledger, DailyCloses closes, OutcomeDefinition definition,
            EventPublisher publisher, MeterRegistry registry, Clock clock) {
        this.bucket = bucket;
        this.ledger = ledger;
        this.closes = closes;
        this.definition = definition;
        this.publisher = publisher;
        this.metrics = new OutcomeMetrics(registry);
        this.clock = clock;
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) {
        long start = System.nanoTime();
        if (record.topic().equals(Topic.JOBS_READY.topicName())) {
            onJobReady(record);
        } else if (record.topic().equals(Topic.LAKE_OBJECT_EVENTS.topicName())) {
            onObjectEvents(record);
        } else {
            throw new InvalidEventException("topic", record.topic() + " is not a topic the outcome realizer reads");
        }
        metrics.took(Duration.ofNanos(System.nanoTime() - start));
    }

    private void onJobReady(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            throw new InvalidEventException("key", "is required: the job id");
        }
        JobId key = JobId.of(record.key());
        JobReady job = JOB.parse(record.value());
        if (!job.jobId().equals(key)) {
            throw new InvalidEventException("key", "'" + key + "' is not the record's jobId " + job.jobId());
        }
        realize(job.symbol(), List.of(job));
    }

    /**
     * An undecodable record is skipped, not dead-lettered: ingest's object-event trigger reads the same
     * topic and already sends it to the DLQ, once. A market-data key that names no symbol or day is ours
     * alone to reject (the trigger ignores market data).
     */
    private void onObjectEvents(ConsumerRecord<String, byte[]> record) {
        List<S3ObjectEvent> events;
        try {
            events = MinioEventParser.parse(record.value());
        } catch (InvalidEventException e) {
            LOG.warn("skipping {}-{}@{}, not an S3 event notification (the object-event trigger dead-letters it): {}",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            metrics.undecodableEvent();
            return;
        }
        for (S3ObjectEvent event : events) {
            if (!event.kind().created() || !bucket.equals(event.bucket())) {
                continue;
            }
            Optional<MarketDataFile> file = MarketDataFile.parse(event.key());
            if (file.isPresent()) {
                List<JobReady> jobs = jobsDecidedBy(file.get());
                LOG.info("{} is in the lake: {} job(s) of {} it may settle", event.key(), jobs.size(),
                        file.get().symbol());
                realize(file.get().symbol(), jobs);
            }
        }
    }

    /** The symbol's jobs on the dates a file can settle, from the ledger's day entries (one per job id). */
    private List<JobReady> jobsDecidedBy(MarketDataFile file) {
        Map<JobId, JobReady> jobs = new LinkedHashMap<>();
        for (TradingDate date : OutcomeWindow.jobDatesDecidedBy(file.date(), definition)) {
            for (LedgerEntry entry : ledger.entries(file.symbol(), date)) {
                if (jobs.containsKey(entry.jobId())) {
                    continue;
                }
                try {
                    jobs.put(entry.jobId(), ledger.read(entry));
                } catch (InvalidEventException e) {
                    // Another job's damaged entry must not send this file's event to the DLQ.
                    LOG.warn("skipping job {}: {}", entry.jobId(), e.getMessage());
                    metrics.unreadableLedger();
                }
            }
        }
        return new ArrayList<>(jobs.values());
    }

    /** Computes and publishes the outcomes of {@code jobs} (all of {@code symbol}) from one read of its closes. */
    private void realize(Symbol symbol, List<JobReady> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        TradingDate from = jobs.stream().map(j -> OutcomeWindow.firstClose(j.date(), definition))
                .min(Comparator.naturalOrder()).orElseThrow();
        TradingDate to = jobs.stream().map(j -> OutcomeWindow.horizonEnd(j.date(), definition))
                .max(Comparator.naturalOrder()).orElseThrow();
        SortedMap<TradingDate, Double> daily = new TreeMap<>(closes.closes(symbol, from, to));
        for (JobReady job : jobs) {
            Optional<OutcomeRealized> outcome = OutcomeCalculator.realize(job.jobId(), job.symbol(), job.date(), daily,
                    definition, clock.instant());
            if (outcome.isEmpty()) {
                metrics.pending();
                LOG.debug("outcome of {} pending: {} not in the lake yet", job.jobId(),
                        OutcomeWindow.horizonEnd(job.date(), definition));
                continue;
            }
            publish(outcome.get());
        }
    }

    private void publish(OutcomeRealized outcome) {
        if (!published.isNew(outcome)) {
            metrics.unchanged();
            return;
        }
        publisher.publish(outcome);
        published.published(outcome);
        metrics.published(outcome.status());
        if (outcome.realized()) {
            LOG.info("outcome of {} ({} {} -> {}): {} return {} against flat threshold {} (volatility {} over {} returns)",
                    outcome.jobId(), outcome.symbol(), outcome.date(), outcome.horizonEnd(), outcome.label(),
                    outcome.realizedReturn(), outcome.flatThreshold(), outcome.volatility(), outcome.volatilityDays());
        } else {
            LOG.info("outcome of {} ({} {} -> {}): {}, missing days {}", outcome.jobId(), outcome.symbol(),
                    outcome.date(), outcome.horizonEnd(), outcome.status(), outcome.missingDays());
        }
    }
}
