package org.locness.ingest.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.locness.events.InvalidEventException;
import org.locness.events.job.JobReady;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.ingest.kafka.TransactionalStage;
import org.locness.ingest.prep.PreJobPrep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jobs.requested} → {@code jobs.ready}. A request is parsed and resolved (invalid → DLQ),
 * looked up in its day's {@link JobLedger} and in the ledger's job-id index (an explicit id that
 * already names another job → DLQ, field {@code jobId}), planned, recorded in the ledger, its
 * pre-swept input MOVEd, and its {@link JobReady} returned for the loop's transaction.
 *
 * <p>Crash safety: the ledger entry and the MOVE happen before the transaction and are not part
 * of it. A crash anywhere before the commit re-delivers the request, which finds its own ledger
 * entry and resumes: the MOVE converges (copy-verify-delete is idempotent) and the same job is
 * published. A crash after the commit cannot re-deliver it. So each accepted request yields exactly
 * one committed {@code jobs.ready} record, and each input ends in exactly one place.
 */
public final class JobIntakeStage implements TransactionalStage {
    private static final Logger LOG = LoggerFactory.getLogger(JobIntakeStage.class);
    private static final EventCodec<JobRequested> CODEC = EventCodec.of(JobRequested.class);

    private final RequestResolver resolver;
    private final JobLedger ledger;
    private final PreJobPrep prep;
    private final EventPublisher publisher;
    private final IntakeMetrics metrics;

    public JobIntakeStage(RequestResolver resolver, JobLedger ledger, PreJobPrep prep, EventPublisher publisher,
            IntakeMetrics metrics) {
        this.resolver = resolver;
        this.ledger = ledger;
        this.prep = prep;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    public List<ProducerRecord<String, byte[]>> onRecord(ConsumerRecord<String, byte[]> record) {
        ResolvedRequest request = resolver.resolve(CODEC.parse(record.value()), record.timestamp());
        RequestSource source = RequestSource.of(record);
        long started = System.nanoTime();
        LedgerDecision decision = LedgerDecision.decide(ledger.entries(request.symbol(), request.date()),
                ledger::claims, source, request);
        JobReady job;
        if (decision instanceof LedgerDecision.Duplicate duplicate) {
            LOG.info("{} from {} is already a job (requested at {}): nothing to do", duplicate.jobId(),
                    source.reference(), duplicate.first().reference());
            metrics.duplicate();
            return List.of();
        } else if (decision instanceof LedgerDecision.Conflict conflict) {
            throw new InvalidEventException("jobId", conflict.reason());
        } else if (decision instanceof LedgerDecision.Resume resume) {
            job = ledger.read(resume.entry());
            LOG.info("resuming {} for {} from its ledger entry {}", job.jobId(), source.reference(), resume.entry().key());
        } else if (decision instanceof LedgerDecision.Recover recover) {
            job = recover.claim().job();
            LOG.info("resuming {} for {} from its claim {}", job.jobId(), source.reference(), recover.claim().key());
            ledger.write(job, source);
        } else {
            job = prep.plan(((LedgerDecision.Start) decision).jobId(), request.symbol(), request.date(), request.models(),
                    request.requestedAt());
            ledger.write(job, source);
        }
        prep.moveInputs(job);
        metrics.prepared(Duration.ofNanos(System.nanoTime() - started));
        LOG.info("job {} ready: {} {} on {} input(s), context {}{}, patterns {}, {} model(s)", job.jobId(), job.symbol(),
                job.date(), job.inputKeys().size(), job.contextKey(), job.contextStale() ? " (stale)" : "",
                job.patternsKey(), job.expectedModels().size());
        ProducerRecord<String, byte[]> ready = publisher.record(job);
        ready.headers().add(RequestSource.HEADER, source.reference().getBytes(StandardCharsets.UTF_8));
        metrics.jobReady();
        return List.of(ready);
    }

    @Override
    public void onDeadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException error) {
        metrics.rejected(error);
    }

    @Override
    public void onCommitted() {
        metrics.committed();
    }

    @Override
    public void onDiscarded() {
        metrics.discarded();
    }
}
