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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.locness.events.InvalidEventException;
import org.locness.events.kafka.Backoff;
import org.locness.events.kafka.BatchWalk;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.ConsumerLag;
import org.locness.events.kafka.ConsumerLoopMetrics;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.LoopHealth;
import org.locness.events.kafka.LoopLifecycle;
import org.locness.events.kafka.RecordOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume-transform-produce with Kafka transactions. Each poll's records are transformed first
 * (side effects outside Kafka must be idempotent, because a record is re-delivered until its
 * transaction commits); then one short transaction sends the output, the DLQ records and the input
 * offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a zombie
 * instance is fenced) and commits. A transient failure commits what was done before it, rewinds to
 * the failed record and retries it with capped exponential backoff. An unreachable broker is such a
 * failure: a commit or abort that times out is retried as Kafka requires (a timed-out commit may not
 * be aborted), any other abortable error aborts, and the loop rewinds to the offsets it knows are
 * committed (no broker call needed) and goes on. A producer Kafka says must be replaced (fenced, or
 * its epoch or id expired) or an unauthorized one stops the loop for good: its {@link LoopHealth}
 * goes down, /health fails and the process exits, so the orchestrator restarts it with a fresh
 * producer; another instance owning the work, or a wrong deployment, needs exactly that too.
 * A DLQ record the broker still refuses as too large is sent value-less on the retry, so it never
 * blocks the records after it.
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
    private final Counter processed;
    private final Counter deadLettered;
    private final Counter aborted;
    /** Per partition, the offset after the last record transformed since the last rewind. */
    private final Map<TopicPartition, Long> transformedTo = new HashMap<>();
    /**
     * Per partition, the committed offset as this loop knows it: what it last committed, else the
     * offset of the first record it read since the partition was assigned or rewound (a consumer
     * starts reading at the committed offset). Rewinds seek here, without asking the broker.
     */
    private final Map<TopicPartition, Long> committedTo = new HashMap<>();
    /** Sources ("topic-partition@offset") whose DLQ record the broker refused as too large. */
    private final Set<String> deadLetterTooLarge = new HashSet<>();
    private final LoopLifecycle lifecycle;
    private final BatchWalk walk;
    private final ConsumerLag lag;

    public TransactionalLoop(String name, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
            Collection<String> topics, TransactionalStage stage, MeterRegistry metrics, Clock clock,
            Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.lifecycle = new LoopLifecycle(name, metrics, new Backoff(initialBackoff, maxBackoff));
        this.consumer = consumer;
        this.walk = new BatchWalk(consumer, lifecycle::stopRequested);
        this.producer = producer;
        this.topics = List.copyOf(topics);
        this.stage = stage;
        this.clock = clock;
        this.processed = ConsumerLoopMetrics.counter(metrics, name, "processed");
        this.deadLettered = ConsumerLoopMetrics.counter(metrics, name, "dead_lettered");
        this.aborted = ConsumerLoopMetrics.counter(metrics, name, "aborted");
        this.lag = new ConsumerLag(metrics, consumer.groupMetadata().groupId());
    }

    /** Runs the loop on a daemon thread named after it. */
    public Thread start() {
        return lifecycle.start(this);
    }

    @Override
    public void run() {
        try {
            lifecycle.run(this::open, this::cycle, this::closeClients);
        } catch (RuntimeException | Error e) {
            // The lifecycle has logged it and put the loop's health down; this loop's thread ends quietly.
        }
    }

    private void closeClients() {
        lag.clear();
        try {
            LoopLifecycle.closeConsumer(consumer);
        } finally {
            producer.close(LoopLifecycle.CLOSE_TIMEOUT);
        }
    }

    /** Registers the transactional producer (fencing any predecessor with its id) and subscribes. */
    void open() {
        producer.initTransactions();
        consumer.subscribe(topics, new Rebalance());
    }

    /**
     * One poll, its transform and its transaction; false if work was left to retry after a backoff.
     * The lag is taken last, after any rewind, so records to be read again count as owed.
     */
    boolean cycle() {
        Batch batch = transform(consumer.poll(POLL_TIMEOUT));
        if (!lifecycle.stopRequested()) {
            batch.output.addAll(stage.onTick(clock.instant()));
        }
        boolean committed = commit(batch);
        lag.update(consumer);
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
        BatchWalk.Walked walked = walk.walk(records, record -> transformOne(record, batch));
        walked.firstFinished().forEach(committedTo::putIfAbsent);
        transformedTo.putAll(walked.finishedTo());
        batch.failed = walked.failed();
        return batch;
    }

    private boolean transformOne(ConsumerRecord<String, byte[]> record, Batch batch) {
        RecordOutcome outcome = RecordOutcome.classify(name, LOG, record,
                r -> batch.output.addAll(stage.onRecord(r)));
        switch (outcome.kind()) {
            case DONE -> batch.processed++;
            case DEAD_LETTER -> addDeadLetter(record, outcome.error(), batch);
            case RETRY -> {
                return false;
            }
        }
        return true;
    }

    /** Adds {@code record}'s DLQ record to the batch's transaction, value-less if the broker refused it as too large. */
    private void addDeadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException error, Batch batch) {
        batch.output.add(deadLetterTooLarge.remove(sourceOf(record))
                ? DeadLetterRouter.valueless(record, error, new RecordTooLargeException("refused by the broker"))
                : DeadLetterRouter.deadLetter(record, error));
        stage.onDeadLetter(record, error);
        batch.deadLettered++;
    }

    /** Sends the batch's output and offsets in one transaction; on an abortable error, rewinds. */
    private boolean commit(Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = committableOffsets();
        if (batch.output.isEmpty() && offsets.isEmpty()) {
            return true;
        }
        Map<ProducerRecord<String, byte[]>, Future<RecordMetadata>> sent = new HashMap<>();
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : batch.output) {
                sent.put(record, producer.send(record));
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
            retryOnTimeout("commit", producer::commitTransaction);
        } catch (ApplicationRecoverableException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("{}: transaction aborted, rewinding to the committed offsets: {}", name, e.toString());
            retryOnTimeout("abort", producer::abortTransaction);
            aborted.increment();
            rememberTooLargeDeadLetters(sent);
            discard(consumer.assignment());
            return false;
        }
        offsets.forEach((partition, offset) -> committedTo.put(partition, offset.offset()));
        processed.increment(batch.processed);
        deadLettered.increment(batch.deadLettered);
        stage.onCommitted();
        return true;
    }

    /**
     * Runs a transaction call again while it times out (the broker unreachable): Kafka allows only
     * the same call after a timed-out commit or abort. Gives up, with the timeout, on a stop request.
     */
    private void retryOnTimeout(String what, Runnable call) {
        Duration backoff = lifecycle.backoff().initial();
        while (true) {
            try {
                call.run();
                return;
            } catch (TimeoutException e) {
                LOG.warn("{}: transaction {} timed out, retrying: {}", name, what, e.toString());
                try {
                    if (lifecycle.awaitBackoff(backoff)) {
                        throw e;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = lifecycle.backoff().next(backoff);
            }
        }
    }

    /** Notes the DLQ records refused as too large, so their retry sends them value-less. */
    private void rememberTooLargeDeadLetters(Map<ProducerRecord<String, byte[]>, Future<RecordMetadata>> sent) {
        sent.forEach((record, future) -> {
            if (!record.topic().endsWith(DeadLetterRouter.SUFFIX) || !future.isDone()) {
                return;
            }
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException) {
                    String source = header(record, DeadLetterRouter.SOURCE_TOPIC) + "-"
                            + header(record, DeadLetterRouter.SOURCE_PARTITION) + "@"
                            + header(record, DeadLetterRouter.SOURCE_OFFSET);
                    LOG.error("{}: the DLQ record of {} is too large even truncated (root cause: {}); "
                            + "it is sent without its value on the retry", name, source, e.getCause().toString());
                    deadLetterTooLarge.add(source);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static String sourceOf(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse("");
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
        for (TopicPartition partition : partitions) {
            Long committed = committedTo.get(partition);
            if (committed != null) {
                consumer.seek(partition, committed);
            }
            // else nothing of it was read since its last rewind: it is at its committed offset already.
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
        return lifecycle.failure();
    }

    /** Waits until the loop has stopped, at most {@code timeout}; true if it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return lifecycle.awaitStopped(timeout);
    }

    /** Stops polling, lets the records in hand finish and commit, and closes the clients. */
    @Override
    public void close() {
        if (!lifecycle.stopAndWait(consumer::wakeup)) {
            closeClients();
        }
    }
}
