package org.locness.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A {@link MockConsumer} over one in-memory partition that behaves like a broker where the loop
 * depends on it: a seek back serves the records again, {@code poll} waits for records up to its
 * timeout instead of spinning, and {@code wakeup()} is delivered to the next blocking call,
 * {@code commitSync} included, as {@code KafkaConsumer} does.
 */
final class LogConsumer extends MockConsumer<String, byte[]> {
    static final String TOPIC = "jobs.requested";
    static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
    private final Deque<RuntimeException> commitFailures = new ArrayDeque<>();
    private boolean wakeupPending;
    private long committed;

    LogConsumer() {
        super("earliest");
        updateBeginningOffsets(Map.of(PARTITION, 0L));
    }

    synchronized byte[] append(String key, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        log.add(new ConsumerRecord<>(TOPIC, 0, log.size(), key, bytes));
        notifyAll();
        return bytes;
    }

    /** The committed offset, the next record a restarted consumer would read; readable after close. */
    synchronized long committedOffset() {
        return committed;
    }

    /** The next commits throw these, in order, as a broker that is unreachable or has rebalanced the group would. */
    synchronized void failCommits(RuntimeException... failures) {
        commitFailures.addAll(List.of(failures));
    }

    /** How far the loop has fetched: its position once subscribed, 0 before. */
    synchronized long handedOut() {
        return assignment().contains(PARTITION) ? position(PARTITION) : 0;
    }

    synchronized boolean wakeupPending() {
        return wakeupPending;
    }

    @Override
    public synchronized void subscribe(Collection<String> topics) {
        super.subscribe(topics);
        rebalance(List.of(PARTITION));
    }

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (!wakeupPending && position(PARTITION) >= log.size() && (left = deadline - System.nanoTime()) > 0) {
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        takeWakeup();
        for (long offset = position(PARTITION); offset < log.size(); offset++) {
            addRecord(log.get((int) offset));
        }
        return super.poll(Duration.ZERO);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        takeWakeup();
        if (!commitFailures.isEmpty()) {
            throw commitFailures.poll();
        }
        super.commitSync(offsets);
        OffsetAndMetadata offset = offsets.get(PARTITION);
        if (offset != null) {
            committed = offset.offset();
        }
    }

    @Override
    public synchronized void wakeup() {
        wakeupPending = true;
        notifyAll();
    }

    private void takeWakeup() {
        if (wakeupPending) {
            wakeupPending = false;
            throw new WakeupException();
        }
    }
}
