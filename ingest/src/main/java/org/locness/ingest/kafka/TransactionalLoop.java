package org.locness.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.locness.events.InvalidEventException;
import org.locness.events.kafka.Backoff;
import org.locness.events.kafka.ConsumerLoopMetrics;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.LoopLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume-transform-produce with Kafka transactions. Each poll's records are transformed first
 * (side effects outside Kafka must be idempotent, because a record is re-delivered until its
 * transaction commits); then one short transaction sends the output, the DLQ records and the input
 * offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a zombie
 * instance is fenced) and commits. A transient failure commits what was done before it, rewinds to
 * the failed record and retries it with capped exponential backoff. A fenced or unauthorized
 * producer stops the loop: another instance owns the work, or the deployment is wrong.
 */
public final class TransactionalLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Collection<String> topics;
    private final TransactionalStage stage;
    private final Clock clock;
    private final Backoff backoffPolicy;
    private final Counter processed;
    private final Counter deadLettered;
    private final Counter retried;
    private final Counter aborted;
    /** Per partition, the offset after the last record transformed since the last rewind. */
    private final Map<TopicPartition, Long> transformedTo = new HashMap<>();
    /** Per partition, the offset this loop last committed (or found committed after a rewind). */
    private final Map<TopicPartition, Long> committedTo = new HashMap<>();
    private final LoopLifecycle lifecycle;
    private volatile Throwable failure;

    public TransactionalLoop(String name, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
            Collection<String> topics, TransactionalStage stage, MeterRegistry metrics, Clock clock,
            Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.lifecycle = new LoopLifecycle(name);
        this.consumer = consumer;
        this.producer = producer;
        this.topics = List.copyOf(topics);
        this.stage = stage;
        this.clock = clock;
        this.backoffPolicy = new Backoff(initialBackoff, maxBackoff);
        this.processed = ConsumerLoopMetrics.counter(metrics, name, "processed");
        this.deadLettered = ConsumerLoopMetrics.counter(metrics, name, "dead_lettered");
        this.retried = ConsumerLoopMetrics.counter(metrics, name, "retried");
        this.aborted = ConsumerLoopMetrics.counter(metrics, name, "aborted");
    }


    /** Runs the loop on a daemon thread named after it. */
    public Thread start() {
        return lifecycle.start(this);
    }

    @Override
    public void run() {
        lifecycle.running();
        try {
            open();
            Duration backoff = backoffPolicy.initial();
            while (!lifecycle.stopRequested()) {
                if (cycle()) {
                    backoff = backoffPolicy.initial();
                    continue;
                }
                retried.increment();
                if (lifecycle.awaitBackoff(backoff)) {
                    break;
                }
                backoff = backoffPolicy.next(backoff);
            }
        } catch (WakeupException e) {
            LOG.debug("{} woken up for shutdown", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("{} stopped: {}", name, e.toString(), e);
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } finally {
                producer.close(Duration.ofSeconds(5));
                lifecycle.ended();
            }
        }
    }

    /** Registers the transactional producer (fencing any predecessor with its id) and subscribes. */
    void open() {
        producer.initTransactions();
        consumer.subscribe(topics, new Rebalance());
    }

    /** One poll, its transform and its transaction; false if work was left to retry after a backoff. */
    boolean cycle() {
        Batch batch = transform(consumer.poll(POLL_TIMEOUT));
        if (!lifecycle.stopRequested()) {
            batch.output.addAll(stage.onTick(clock.instant()));
        }
        boolean committed = commit(batch);
        return committed && !batch.failed;
    }

    /** What one poll produced: output to send, and whether a transient failure cut it short. */
    private static final class Batch {
        final List<ProducerRecord<String, byte[]>> output = new ArrayList<>();
        int processed;
        int deadLettered;
        boolean failed;
    }

    private Batch transform(ConsumerRecords<String, byte[]> records) {
        Batch batch = new Batch();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (batch.failed || lifecycle.stopRequested()) {
                    // Fetch it again later: nothing after an unfinished record may be committed.
                    consumer.seek(partition, record.offset());
                    break;
                }
                if (!transformOne(record, batch)) {
                    batch.failed = true;
                    consumer.seek(partition, record.offset());
                    break;
                }
                transformedTo.put(partition, record.offset() + 1);
            }
        }
        return batch;
    }

    private boolean transformOne(ConsumerRecord<String, byte[]> record, Batch batch) {
        try {
            batch.output.addAll(stage.onRecord(record));
            batch.processed++;
            return true;
        } catch (InvalidEventException e) {
            LOG.warn("{}: rejected {}-{}@{} to {}: {}", name, record.topic(), record.partition(), record.offset(),
                    DeadLetterRouter.dlqOf(record.topic()), e.getMessage());
            batch.output.add(DeadLetterRouter.deadLetter(record, e));
            stage.onDeadLetter(record, e);
            batch.deadLettered++;
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warn("{}: transient failure on {}-{}@{}, will retry: {}", name, record.topic(), record.partition(),
                    record.offset(), e.toString());
            return false;
        }
    }

    /** Sends the batch's output and offsets in one transaction; on an abortable error, rewinds. */
    private boolean commit(Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = committableOffsets();
        if (batch.output.isEmpty() && offsets.isEmpty()) {
            return true;
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : batch.output) {
                producer.send(record);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            producer.commitTransaction();
        } catch (ApplicationRecoverableException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("{}: transaction aborted, rewinding to the committed offsets: {}", name, e.toString());
            producer.abortTransaction();
            aborted.increment();
            discard(consumer.assignment());
            return false;
        }
        offsets.forEach((partition, offset) -> committedTo.put(partition, offset.offset()));
        processed.increment(batch.processed);
        deadLettered.increment(batch.deadLettered);
        stage.onCommitted();
        return true;
    }

    /** Per partition, the transformed position, held back to the stage's oldest pending record. */
    private Map<TopicPartition, OffsetAndMetadata> committableOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        transformedTo.forEach((partition, next) -> {
            long target = Math.min(next, stage.heldFrom(partition).orElse(Long.MAX_VALUE));
            if (target > committedTo.getOrDefault(partition, -1L)) {
                offsets.put(partition, new OffsetAndMetadata(target));
            }
        });
        return offsets;
    }

    /** Forgets the stage's uncommitted work and seeks {@code partitions} back to where it is re-read. */
    private void discard(Collection<TopicPartition> partitions) {
        stage.onDiscarded();
        transformedTo.clear();
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                committedTo.remove(partition);
                consumer.seekToBeginning(List.of(partition));
            } else {
                committedTo.put(partition, offset.offset());
                consumer.seek(partition, offset.offset());
            }
        }
    }

    /**
     * Runs inside {@code poll}, when no transaction is open. Work held for revoked partitions is
     * re-read by their next owner; the stage forgets all its pending work, so the partitions this
     * loop keeps are rewound to re-read theirs.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(revoked);
            revoked.forEach(committedTo::remove);
            discard(kept);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            LOG.info("{}: assigned {}", name, assigned);
        }
    }

    public boolean isStarted() {
        return lifecycle.isStarted();
    }

    /** The error that stopped the loop, if it stopped on one. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits until the loop has stopped, at most {@code timeout}; true if it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return lifecycle.awaitStopped(timeout);
    }

    /** Stops polling, lets the records in hand finish and commit, and closes the clients. */
    @Override
    public void close() {
        if (!lifecycle.stopAndWait(consumer::wakeup)) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            producer.close(Duration.ofSeconds(5));
        }
    }
}
