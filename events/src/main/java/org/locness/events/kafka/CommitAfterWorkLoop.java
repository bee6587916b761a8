package org.locness.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final Collection<String> topics;
    private final RecordHandler handler;
    private final DeadLetterRouter deadLetters;
    private final Counter processed;
    private final Counter deadLettered;
    private final LoopLifecycle lifecycle;
    private final BatchWalk walk;
    private final ConsumerLag lag;
    private int gatherRecords = 1;
    private Duration gatherWait = Duration.ZERO;

    public CommitAfterWorkLoop(String name, Consumer<String, byte[]> consumer, Collection<String> topics,
            RecordHandler handler, DeadLetterRouter deadLetters, MeterRegistry metrics) {
        this(name, consumer, topics, handler, deadLetters, metrics, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public CommitAfterWorkLoop(String name, Consumer<String, byte[]> consumer, Collection<String> topics,
            RecordHandler handler, DeadLetterRouter deadLetters, MeterRegistry metrics,
            Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.lifecycle = new LoopLifecycle(name, metrics, new Backoff(initialBackoff, maxBackoff));
        this.consumer = consumer;
        this.walk = new BatchWalk(consumer, lifecycle::stopRequested);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.processed = ConsumerLoopMetrics.counter(metrics, name, "processed");
        this.deadLettered = ConsumerLoopMetrics.counter(metrics, name, "dead_lettered");
        this.lag = new ConsumerLag(metrics, consumer.groupMetadata().groupId());
    }

    /**
     * Once a poll returns records, keeps polling for up to {@code wait} until {@code records} are in
     * hand, so the handler's {@link RecordHandler#prepare} sees them together. Call before
     * {@link #start()}.
     */
    public CommitAfterWorkLoop gathering(int records, Duration wait) {
        if (records < 1 || wait.isNegative()) {
            throw new IllegalArgumentException("gathering needs at least 1 record and a wait of 0 or more, got "
                    + records + " and " + wait);
        }
        this.gatherRecords = records;
        this.gatherWait = wait;
        return this;
    }

    /** Runs the loop on a daemon thread named after it. */
    public Thread start() {
        return lifecycle.start(this);
    }

    @Override
    public void run() {
        lifecycle.run(() -> consumer.subscribe(topics), this::pass, this::closeConsumer);
    }

    private void closeConsumer() {
        lag.clear();
        LoopLifecycle.closeConsumer(consumer);
    }

    /**
     * Polls until records come (or a stop is requested) and handles them; false if work was left to
     * retry. The lag is taken after each poll, once the batch is done and any unfinished record
     * seeked back to, so a record being retried counts as owed.
     */
    private boolean pass() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        while (records.isEmpty()) {
            lag.update(consumer);
            if (lifecycle.stopRequested()) {
                return true;
            }
            records = consumer.poll(POLL_TIMEOUT);
        }
        records = gather(records);
        prepare(records);
        boolean done = !processBatch(records);
        lag.update(consumer);
        return done;
    }

    /** {@code first} and what more polls bring within the gathering wait, per partition in offset order. */
    private ConsumerRecords<String, byte[]> gather(ConsumerRecords<String, byte[]> first) {
        if (first.count() >= gatherRecords || gatherWait.isZero()) {
            return first;
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> gathered = new HashMap<>();
        add(gathered, first);
        int count = first.count();
        long deadline = System.nanoTime() + gatherWait.toNanos();
        long left;
        while (count < gatherRecords && !lifecycle.stopRequested() && (left = deadline - System.nanoTime()) > 0) {
            ConsumerRecords<String, byte[]> more = consumer.poll(Duration.ofNanos(left));
            add(gathered, more);
            count += more.count();
        }
        return new ConsumerRecords<>(gathered);
    }

    private static void add(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> gathered,
            ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            gathered.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(records.records(partition));
        }
    }

    /** Lets the handler see the batch whole; a failure there only costs what it would have saved. */
    private void prepare(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        try {
            handler.prepare(batch);
        } catch (RuntimeException e) {
            LOG.warn("{}: preparing a batch of {} records failed, handling them one by one: {}", name, batch.size(),
                    e.toString());
        }
    }

    /** Handles a batch partition by partition; returns true if a transient failure left work undone. */
    private boolean processBatch(ConsumerRecords<String, byte[]> records) {
        BatchWalk.Walked walked = walk.walk(records, this::handleOne);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        walked.finishedTo().forEach((partition, next) -> done.put(partition, new OffsetAndMetadata(next)));
        if (!done.isEmpty() && !commit(done, records)) {
            return true;
        }
        return walked.failed();
    }

    /**
     * Commits {@code done}; false if the commit failed in a way a retry cures. The batch is then
     * rewound to its first record: the committed offset, since every batch before it was committed.
     */
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
            walk.rewind(batch);
            return false;
        }
    }

    private boolean handleOne(ConsumerRecord<String, byte[]> record) {
        RecordOutcome outcome = RecordOutcome.classify(name, LOG, record, handler);
        return switch (outcome.kind()) {
            case DONE -> {
                processed.increment();
                yield true;
            }
            case DEAD_LETTER -> deadLetter(record, outcome.error());
            case RETRY -> false;
        };
    }

    /** Writes {@code record} to its DLQ; false (to retry it) if the DLQ is unreachable. */
    private boolean deadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException error) {
        try {
            deadLetters.route(record, error);
        } catch (RuntimeException dlqFailure) {
            // The DLQ is unreachable: keep the record and retry it, rather than lose it or stop the loop.
            LOG.warn("{}: could not dead-letter {}-{}@{}, will retry: {}", name, record.topic(), record.partition(),
                    record.offset(), dlqFailure.toString());
            return false;
        }
        deadLettered.increment();
        return true;
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
