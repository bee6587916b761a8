package org.locness.infra.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.topic.Topic;
import org.locness.testing.EmbeddedStackTest;

/** The shared consumer loop on a real broker: commit after work, DLQ for poison, restart without loss or skip. */
@EmbeddedStackTest
class CommitAfterWorkLoopIT {
    private static final String TOPIC = Topic.JOBS_REQUESTED.topicName();
    private static final EventCodec<JobRequested> CODEC = EventCodec.of(JobRequested.class);

    @Test
    void poisonGoesToTheDlqTransientFailureIsRetriedAndRestartResumes(EmbeddedStack stack) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("it"))) {
            for (String value : List.of("{\"symbol\":\"AAA\"}", "{\"symbol\":\"../etc\"}", "{\"symbol\":\"BBB\"}",
                    "not json", "{\"symbol\":\"CCC\"}")) {
                producer.send(new ProducerRecord<>(TOPIC, "k", value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean failOnce = new AtomicBoolean(true);
        String group = "it-loop";

        // First run: BBB fails transiently once, is retried; stop after BBB so CCC is left for the restart.
        try (KafkaProducer<String, byte[]> dlqProducer = new KafkaProducer<>(stack.kafkaSettings().producer("it-dlq"));
                CommitAfterWorkLoop loop = new CommitAfterWorkLoop("it-loop-1",
                        new KafkaConsumer<>(stack.kafkaSettings().consumer(group)), List.of(TOPIC), record -> {
                            JobRequested job = CODEC.parse(record.value());
                            if (job.symbol().value().equals("BBB") && failOnce.getAndSet(false)) {
                                throw new IllegalStateException("lake briefly unreachable");
                            }
                            if (job.symbol().value().equals("CCC")) {
                                throw new IllegalStateException("not in this run");
                            }
                            handled.add(job.symbol().value());
                        }, new DeadLetterRouter(dlqProducer), new SimpleMeterRegistry(),
                        Duration.ofMillis(50), Duration.ofMillis(200))) {
            loop.start();
            await(() -> handled.contains("BBB"));
            await(() -> committed(stack, group) == 4);
        }
        assertEquals(List.of("AAA", "BBB"), handled);

        // Restart: resumes at CCC, nothing lost, nothing skipped, nothing handled twice.
        try (KafkaProducer<String, byte[]> dlqProducer = new KafkaProducer<>(stack.kafkaSettings().producer("it-dlq2"));
                CommitAfterWorkLoop loop = new CommitAfterWorkLoop("it-loop-2",
                        new KafkaConsumer<>(stack.kafkaSettings().consumer(group)), List.of(TOPIC),
                        record -> handled.add(CODEC.parse(record.value()).symbol().value()),
                        new DeadLetterRouter(dlqProducer), new SimpleMeterRegistry())) {
            loop.start();
            await(() -> committed(stack, group) == 5);
        }
        assertEquals(List.of("AAA", "BBB", "CCC"), handled);

        List<ConsumerRecord<String, byte[]>> dead = readAll(stack, Topic.JOBS_REQUESTED.dlqName(), 2);
        assertEquals(2, dead.size());
        assertEquals("symbol", header(dead.get(0), DeadLetterRouter.FIELD));
        assertTrue(header(dead.get(0), DeadLetterRouter.REASON).contains("../etc"));
        assertEquals("1", header(dead.get(0), DeadLetterRouter.SOURCE_OFFSET));
        assertEquals(TOPIC, header(dead.get(0), DeadLetterRouter.SOURCE_TOPIC));
        assertEquals("not json", new String(dead.get(1).value(), StandardCharsets.UTF_8));
        assertTrue(header(dead.get(1), DeadLetterRouter.REASON).contains("malformed JSON"));
    }

    @Test
    void aRecordAtTheBrokersLimitIsDeadLetteredTruncatedAndTheNextRecordIsHandled(EmbeddedStack stack) throws Exception {
        String topic = Topic.INFERENCE_COMPLETED.topicName();
        byte[] big = atTheBrokersLimit(stack);
        Properties settings = stack.kafkaSettings().producer("it-big");
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, big.length + 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(topic, 0, "big", big)).get();
            producer.send(new ProducerRecord<>(topic, 0, "after", "{\"symbol\":\"AAA\"}".getBytes(StandardCharsets.UTF_8))).get();
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, byte[]> dlqProducer = new KafkaProducer<>(stack.kafkaSettings().producer("it-big-dlq"));
                CommitAfterWorkLoop loop = new CommitAfterWorkLoop("it-big", new KafkaConsumer<>(
                        stack.kafkaSettings().consumer("it-big")), List.of(topic), record -> {
                            CODEC.parse(record.value());
                            handled.add(record.key());
                        }, new DeadLetterRouter(dlqProducer), new SimpleMeterRegistry())) {
            loop.start();
            await(() -> handled.contains("after"));
        }
        ConsumerRecord<String, byte[]> dead = readAll(stack, Topic.INFERENCE_COMPLETED.dlqName(), 1).get(0);
        assertEquals("big", dead.key());
        assertEquals("true", header(dead, DeadLetterRouter.VALUE_TRUNCATED));
        assertEquals(Integer.toString(big.length), header(dead, DeadLetterRouter.ORIGINAL_SIZE));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)),
                header(dead, DeadLetterRouter.ORIGINAL_SHA256));
        assertArrayEquals(Arrays.copyOf(big, dead.value().length), dead.value());
    }

    /** A value as large as the broker accepts: its message.max.bytes less 100 bytes of framing. */
    private static byte[] atTheBrokersLimit(EmbeddedStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            int limit = Integer.parseInt(admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS)
                    .get(broker).get("message.max.bytes").value());
            byte[] value = new byte[limit - 100];
            new Random(3).nextBytes(value);
            return value;
        }
    }

    private static long committed(EmbeddedStack stack, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedStack stack, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.kafkaSettings().consumer("it-read-" + topic))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
