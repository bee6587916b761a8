package org.locness.ingest.objects;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.job.JobRequested;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.s3.MinioEventParser;
import org.locness.events.s3.S3ObjectEvent;
import org.locness.ingest.kafka.TransactionalStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lake.object-events} → {@code jobs.requested}. New objects under {@code pre-swept/<SYMBOL>/}
 * put their symbol in the {@link Debouncer}; once it has been quiet for the debounce, one
 * {@link JobRequested} for it goes out in the same transaction as the offsets of the events it
 * stands for. Until then those offsets are held back, so a crash re-reads the burst and the job is
 * requested once. With auto-trigger off, events are only counted.
 *
 * <p>Events of one symbol are spread over partitions (the record key is {@code bucket/key}), so
 * one burst makes one job when one instance owns all partitions of the topic; with more instances,
 * each may request a job for its share.
 */
public final class ObjectEventStage implements TransactionalStage {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectEventStage.class);

    private final ObjectEventClassifier classifier;
    private final boolean autoTrigger;
    private final Debouncer debouncer;
    private final EventPublisher publisher;
    private final ObjectEventMetrics metrics;
    private final Clock clock;

    public ObjectEventStage(ObjectEventClassifier classifier, boolean autoTrigger, Debouncer debouncer,
            EventPublisher publisher, ObjectEventMetrics metrics, Clock clock) {
        this.classifier = classifier;
        this.autoTrigger = autoTrigger;
        this.debouncer = debouncer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public List<ProducerRecord<String, byte[]>> onRecord(ConsumerRecord<String, byte[]> record) {
        List<ObjectEventClassifier.Classified> events = new ArrayList<>();
        for (S3ObjectEvent event : MinioEventParser.parse(record.value())) {
            events.add(classifier.classify(event));
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Instant now = clock.instant();
        for (ObjectEventClassifier.Classified c : events) {
            boolean trigger = autoTrigger && c.triggers();
            metrics.event(c.event().kind(), trigger ? "trigger" : "ignore");
            if (trigger) {
                debouncer.add(c.symbol(), partition, record.offset(), now);
            }
        }
        return List.of();
    }

    @Override
    public List<ProducerRecord<String, byte[]>> onTick(Instant now) {
        List<ProducerRecord<String, byte[]>> requests = new ArrayList<>();
        for (Symbol symbol : debouncer.takeDue(now)) {
            LOG.info("pre-swept objects for {} have settled: requesting a job", symbol);
            requests.add(publisher.record(JobRequested.forSymbol(symbol)));
            metrics.triggered();
        }
        return requests;
    }

    @Override
    public OptionalLong heldFrom(TopicPartition partition) {
        return debouncer.heldFrom(partition);
    }

    @Override
    public void onDeadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException error) {
        metrics.event(ObjectEventMetrics.INVALID, "dead_letter");
    }

    @Override
    public void onCommitted() {
        metrics.committed();
    }

    @Override
    public void onDiscarded() {
        debouncer.clear();
        metrics.discarded();
    }
}
