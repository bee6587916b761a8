package org.locness.events.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Walks a polled batch partition by partition, in offset order, and seeks a partition back to its
 * first unfinished record, so it is fetched again: nothing after an unfinished record may be
 * committed. A record fails to finish when its step says so; once one has, or a stop is requested,
 * every later record of the batch is left unfinished too.
 */
public final class BatchWalk {

    /**
     * The records a walk finished, per partition the offset of the first and the offset after the
     * last, and whether a failed step cut it short (a stop request does not count as one).
     */
    public record Walked(Map<TopicPartition, Long> firstFinished, Map<TopicPartition, Long> finishedTo,
            boolean failed) {
    }

    private final Consumer<String, byte[]> consumer;
    private final BooleanSupplier stopRequested;

    public BatchWalk(Consumer<String, byte[]> consumer, BooleanSupplier stopRequested) {
        this.consumer = consumer;
        this.stopRequested = stopRequested;
    }

    /** Runs {@code finish} on each record in turn until one returns false (it is to be retried). */
    public Walked walk(ConsumerRecords<String, byte[]> records, Predicate<ConsumerRecord<String, byte[]>> finish) {
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        boolean failed = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (failed || stopRequested.getAsBoolean()) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                if (!finish.test(record)) {
                    failed = true;
                    consumer.seek(partition, record.offset());
                    break;
                }
                first.putIfAbsent(partition, record.offset());
                to.put(partition, record.offset() + 1);
            }
        }
        return new Walked(first, to, failed);
    }

    /**
     * Seeks each partition of {@code batch} this consumer still owns back to the batch's first
     * record. A partition lost in a rebalance starts at its committed offset with its next owner.
     */
    public void rewind(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition partition : batch.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, batch.records(partition).get(0).offset());
            }
        }
    }
}
