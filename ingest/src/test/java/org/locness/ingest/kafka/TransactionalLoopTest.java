package org.locness.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.ConsumerLag;
import org.locness.events.kafka.DeadLetterRouter;

/** The loop's transactions on Kafka's mock clients, driven one cycle at a time. */
class TransactionalLoopTest {
    private static final String IN = "in";
    private static final TopicPartition P0 = new TopicPartition(IN, 0);
    private static final TopicPartition P1 = new TopicPartition(IN, 1);

    private MockConsumer<String, byte[]> consumer;
    private MockProducer<String, byte[]> producer;
    private ScriptedStage stage;
    private SimpleMeterRegistry registry;
    private TransactionalLoop loop;

    /** Echoes each value to "out"; "poison" is invalid, "flaky" fails once, "crash" throws an Error. */
    private static final class ScriptedStage implements TransactionalStage {
        final Set<String> failedOnce = new HashSet<>();
        final Map<TopicPartition, Long> held = new HashMap<>();
        final List<String> events = new ArrayList<>();

        @Override
        public List<ProducerRecord<String, byte[]>> onRecord(ConsumerRecord<String, byte[]> record) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            if (value.equals("poison")) {
                throw new InvalidEventException("$", "poison");
            }
            if (value.equals("flaky") && failedOnce.add(value)) {
                throw new IllegalStateException("lake briefly unreachable");
            }
            if (value.equals("crash")) {
                throw new AssertionError("simulated crash");
            }
            events.add("record " + value);
            return List.of(new ProducerRecord<>("out", record.key(), record.value()));
        }

        @Override
        public OptionalLong heldFrom(TopicPartition partition) {
            return held.containsKey(partition) ? OptionalLong.of(held.get(partition)) : OptionalLong.empty();
        }

        @Override
        public void onDeadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException error) {
            events.add("dead-letter " + record.offset());
        }

        @Override
        public void onCommitted() {
            events.add("committed");
        }

        @Override
        public void onDiscarded() {
            events.add("discarded");
        }
    }

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        stage = new ScriptedStage();
        registry = new SimpleMeterRegistry();
        loop = new TransactionalLoop("test-loop", consumer, producer, List.of(IN), stage, registry,
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofMillis(1), Duration.ofMillis(2));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private void open() {
        loop.open();
        consumer.rebalance(List.of(P0, P1));
    }

    /**
     * The mock hands each added record out once; a broker keeps them. Tests add a partition's
     * records again after a rewind, and the consumer's position picks where reading resumes.
     */
    private void add(TopicPartition partition, long offset, String value) {
        consumer.addRecord(new ConsumerRecord<>(IN, partition.partition(), offset, "k", value.getBytes(StandardCharsets.UTF_8)));
    }

    private void addABC(TopicPartition partition, String middle) {
        add(partition, 0, "a");
        add(partition, 1, middle);
        add(partition, 2, "c");
    }

    private List<String> committedOutput() {
        return producer.history().stream().filter(r -> r.topic().equals("out"))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private Map<TopicPartition, OffsetAndMetadata> lastCommittedOffsets() {
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> history = producer.consumerGroupOffsetsHistory();
        return history.get(history.size() - 1).values().iterator().next();
    }

    private double count(String outcome) {
        return registry.get("locness_consumer_records").tag("outcome", outcome).counter().count();
    }

    @Test
    void outputDeadLettersAndOffsetsCommitInOneTransaction() {
        open();
        add(P0, 0, "a");
        add(P0, 1, "poison");
        add(P1, 0, "b");

        assertTrue(loop.cycle());

        assertTrue(producer.transactionCommitted());
        assertEquals(1, producer.commitCount());
        assertEquals(Set.of("a", "b"), Set.copyOf(committedOutput()));
        ProducerRecord<String, byte[]> dlq = producer.history().stream().filter(r -> r.topic().equals("in.dlq"))
                .findFirst().orElseThrow();
        assertEquals("$: poison", CloudEventHeaders.read(dlq.headers(), DeadLetterRouter.REASON).orElseThrow());
        assertEquals(Map.of(P0, new OffsetAndMetadata(2), P1, new OffsetAndMetadata(1)), lastCommittedOffsets());
        assertEquals(2.0, count("processed"));
        assertEquals(1.0, count("dead_lettered"));
        assertEquals("committed", stage.events.get(stage.events.size() - 1));
    }

    @Test
    void aTransientFailureCommitsWhatCameBeforeAndRetriesTheRecord() {
        open();
        addABC(P0, "flaky");

        assertFalse(loop.cycle(), "left work to retry");
        assertEquals(List.of("a"), committedOutput());
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), lastCommittedOffsets());
        assertEquals(1, consumer.position(P0), "rewound to the failed record");

        addABC(P0, "flaky");
        assertTrue(loop.cycle());
        assertEquals(List.of("a", "flaky", "c"), committedOutput());
        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), lastCommittedOffsets());
    }

    @Test
    void eachCycleLeavesTheLagOfEveryPartitionCountingTheRecordToRetry() {
        open();
        addABC(P0, "flaky");
        consumer.updateEndOffsets(Map.of(P0, 3L, P1, 0L));

        assertFalse(loop.cycle());
        assertEquals(2.0, lag(P0), "the failed record and the one after it are owed");
        assertEquals(0.0, lag(P1));

        addABC(P0, "flaky");
        assertTrue(loop.cycle());
        assertEquals(0.0, lag(P0));
    }

    private double lag(TopicPartition partition) {
        return registry.get(ConsumerLag.METER).tag("topic", partition.topic())
                .tag("partition", String.valueOf(partition.partition())).gauge().value();
    }

    @Test
    void anAbortedTransactionIsDiscardedAndItsRecordsAreProcessedAgain() {
        open();
        addABC(P0, "b");
        producer.commitTransactionException = new KafkaException("coordinator moved");

        assertFalse(loop.cycle());
        assertTrue(producer.transactionAborted());
        assertEquals(List.of(), committedOutput());
        assertTrue(stage.events.contains("discarded"));
        assertEquals(1.0, count("aborted"));
        assertEquals(0.0, count("processed"), "counted only once committed");
        assertEquals(0, consumer.position(P0), "rewound to the committed offset (none: the beginning)");

        producer.commitTransactionException = null;
        addABC(P0, "b");
        assertTrue(loop.cycle());
        assertEquals(List.of("a", "b", "c"), committedOutput(), "each record's output once");
        assertEquals(3.0, count("processed"));
    }

    @Test
    void offsetsStopAtWorkTheStageStillHolds() {
        open();
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");
        stage.held.put(P0, 1L);

        assertTrue(loop.cycle());
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), lastCommittedOffsets());

        stage.held.clear();
        assertTrue(loop.cycle());
        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), lastCommittedOffsets());
    }

    @Test
    void nothingToSendAndNoProgressOpensNoTransaction() {
        open();
        assertTrue(loop.cycle());
        assertEquals(0, producer.commitCount());
    }

    @Test
    void aFencedProducerStopsTheLoop() {
        open();
        add(P0, 0, "a");
        producer.fenceProducer();
        assertThrows(ProducerFencedException.class, () -> loop.cycle());
    }

    @Test
    void aCrashCommitsNothing() {
        open();
        add(P0, 0, "a");
        add(P0, 1, "crash");
        assertThrows(AssertionError.class, () -> loop.cycle());
        assertEquals(0, producer.commitCount());
        assertEquals(List.of(), committedOutput());
    }

    @Test
    void aRevocationDiscardsPendingWork() {
        open();
        add(P0, 0, "a");
        assertTrue(loop.cycle());
        stage.events.clear();

        consumer.rebalance(List.of(P1));
        assertEquals(List.of("discarded"), stage.events);
    }

    @Test
    void theLoopRecordsTheErrorThatStoppedIt() throws InterruptedException {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            add(P0, 0, "crash");
        });
        Thread thread = loop.start();
        assertTrue(loop.awaitStopped(Duration.ofSeconds(10)));
        thread.join(10_000);
        assertTrue(loop.failure().orElseThrow() instanceof AssertionError);
        assertTrue(consumer.closed());
        assertTrue(producer.closed());
    }
}
