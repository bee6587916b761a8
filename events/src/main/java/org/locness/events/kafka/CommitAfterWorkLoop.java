package org.locness.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.locness.events.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer loop that commits an offset only after the handler's work for it is done. Poison
 * records go to the DLQ and the loop moves on; a transient failure rewinds to the failed record and
 * retries it with capped exponential backoff, committing nothing past it. A commit that fails
 * because the broker was unreachable or the group rebalanced meanwhile (a broker outage longer than
 * the session timeout does both) is normal: the batch is rewound and done again, since the work is
 * idempotent, and the loop goes on. Only an error no retry can cure stops the loop for good, which
 * its {@link LoopHealth} reports.
 */
public final class CommitAfterWorkLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitAfterWorkLoop.class);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final Collection<String> topics;
    private final RecordHandler handler;
    private final DeadLetterRouter deadLetters;
    private final Backoff backoffPolicy;
    private final Counter processed;
    private final Counter deadLettered;
    private final Counter retried;
    private final LoopLifecycle lifecycle;

    public CommitAfterWorkLoop(String name, Consumer<String, byte[]> consumer, Collection<String> topics,
            RecordHandler handler, DeadLetterRouter deadLetters, MeterRegistry metrics) {
        this(name, consumer, topics, handler, deadLetters, metrics, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public CommitAfterWorkLoop(String name, Consumer<String, byte[]> consumer, Collection<String> topics,
            RecordHandler handler, DeadLetterRouter deadLetters, MeterRegistry metrics,
            Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.lifecycle = new LoopLifecycle(name, metrics);
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.backoffPolicy = new Backoff(initialBackoff, maxBackoff);
        this.processed = ConsumerLoopMetrics.counter(metrics, name, "processed");
        this.deadLettered = ConsumerLoopMetrics.counter(metrics, name, "dead_lettered");
        this.retried = ConsumerLoopMetrics.counter(metrics, name, "retried");
    }


    /** Runs the loop on a daemon thread named after it. */
    public Thread start() {
        return lifecycle.start(this);
    }

    @Override
    public void run() {
        lifecycle.running();
        try {
            consumer.subscribe(topics);
            Duration backoff = backoffPolicy.initial();
            while (!lifecycle.stopRequested()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                boolean failed = processBatch(records);
                if (failed) {
                    retried.increment();
                    if (lifecycle.awaitBackoff(backoff)) {
                        break;
                    }
                    backoff = backoffPolicy.next(backoff);
                } else {
                    backoff = backoffPolicy.initial();
                }
            }
        } catch (WakeupException e) {
            LOG.debug("{} woken up for shutdown", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            lifecycle.failed(e);
            throw e;
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                lifecycle.ended();
            }
        }
    }

    /** Handles a batch partition by partition; returns true if a transient failure left work undone. */
    private boolean processBatch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean failed = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (failed || lifecycle.stopRequested()) {
                    // Rewind so this record is fetched again: nothing after a failure may be committed.
                    consumer.seek(partition, record.offset());
                    break;
                }
                if (handleOne(record)) {
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } else {
                    failed = true;
                    consumer.seek(partition, record.offset());
                    break;
                }
            }
        }
        if (!done.isEmpty() && !commit(done, records)) {
            return true;
        }
        return failed;
    }

    /** Commits {@code done}; false if the commit failed in a way a retry cures, the batch then rewound. */
    private boolean commit(Map<TopicPartition, OffsetAndMetadata> done, ConsumerRecords<String, byte[]> batch) {
        try {
            try {
                consumer.commitSync(done);
            } catch (WakeupException e) {
                // close() woke the consumer while this batch was in hand; its work is done, so commit it, then stop.
                consumer.commitSync(done);
            }
            return true;
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            LOG.warn("{}: commit of {} failed, redoing the batch from the committed offsets: {}", name, done, e.toString());
            rewind(batch);
            return false;
        }
    }

    /**
     * Seeks each partition of the batch this consumer still owns back to the batch's first record:
     * the committed offset, since every batch before it was committed. A partition lost in a
     * rebalance starts at its committed offset with its next owner, or with this consumer on rejoin.
     */
    private void rewind(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition partition : batch.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, batch.records(partition).get(0).offset());
            }
        }
    }

    private boolean handleOne(ConsumerRecord<String, byte[]> record) {
        try {
            handler.handle(record);
            processed.increment();
            return true;
        } catch (InvalidEventException e) {
            LOG.warn("{}: rejected {}-{}@{} to {}: {}", name, record.topic(), record.partition(), record.offset(),
                    DeadLetterRouter.dlqOf(record.topic()), e.getMessage());
            try {
                deadLetters.route(record, e);
            } catch (RuntimeException dlqFailure) {
                // The DLQ is unreachable: keep the record and retry it, rather than lose it or stop the loop.
                LOG.warn("{}: could not dead-letter {}-{}@{}, will retry: {}", name, record.topic(), record.partition(),
                        record.offset(), dlqFailure.toString());
                return false;
            }
            deadLettered.increment();
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

    public boolean isStarted() {
        return lifecycle.isStarted();
    }

    /** Stops polling, lets the record in hand finish, commits what is done and closes the consumer. */
    @Override
    public void close() {
        lifecycle.stopAndWait(consumer::wakeup);
    }
}
