package org.locness.infra.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.topic.Topic;

/** A stack stopped and started again on its data dir comes back with its topics, records, offsets and objects. */
class EmbeddedStackRestartIT {
    private static final String TOPIC = Topic.JOBS_REQUESTED.topicName();
    private static final String OPERATOR_TOPIC = "operator-made";
    private static final String GROUP = "it-restart";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @Test
    void restartOnTheSameDataDirKeepsTopicsRecordsOffsetsAndObjects(@TempDir Path dir) throws Exception {
        StackOptions options = new StackOptions(Ports.free(), Ports.free(), 0, dir.resolve("data"), false, false,
                "locness", Credentials.randomSecret());
        String bootstrap;
        try (EmbeddedStack stack = EmbeddedStack.start(options)) {
            bootstrap = stack.kafkaBootstrap();
            try (Admin admin = admin(stack)) {
                admin.createTopics(List.of(new NewTopic(OPERATOR_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    stack.kafkaSettings().transactionalProducer("it-restart-tx"))) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, 0, "k", ("job-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                producer.commitTransaction();
            }
            try (Admin admin = admin(stack)) {
                admin.alterConsumerGroupOffsets(GROUP, Map.of(PARTITION, new OffsetAndMetadata(2)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            s3(stack).putObject(PutObjectArgs.builder().bucket("lake").object("market-data/BTC/2026-01-02.parquet")
                    .stream(new ByteArrayInputStream(bytes("bars")), 4, -1).build());
        }

        try (EmbeddedStack stack = EmbeddedStack.start(options)) {
            assertEquals(bootstrap, stack.kafkaBootstrap());
            try (Admin admin = admin(stack)) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(names.contains(OPERATOR_TOPIC) && names.contains(TOPIC), names.toString());
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertEquals(2, offsets.get(PARTITION).offset(), offsets.toString());
            }
            assertEquals(List.of("job-0", "job-1", "job-2"), readAll(stack, 3));
            try (InputStream in = s3(stack).getObject(GetObjectArgs.builder().bucket("lake")
                    .object("market-data/BTC/2026-01-02.parquet").build())) {
                assertEquals("bars", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(Files.isDirectory(dir.resolve("data").resolve("kafka")), "the data dir stays after close");
    }

    private static List<String> readAll(EmbeddedStack stack, int expected) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.kafkaSettings().consumer("it-reread"))) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static Admin admin(EmbeddedStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
    }

    private static MinioClient s3(EmbeddedStack stack) {
        return MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
