package org.locness.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;

/** `locness stack` as a user starts it: the packaged jar, export lines, then `ready`, then kcat works. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackCommandIT {
    private static final Path JAR = Path.of("target", "locness.jar");
    private static final Path ENSEMBLE = Path.of("").toAbsolutePath().getParent().resolve("config/ensemble.yaml");

    @Test
    void printsExportsThenReadyAndServesEveryTopic(@TempDir Path dir) throws Exception {
        int kafka = freePort();
        Stack stack = Stack.start(dir, dir.resolve("data"), kafka, freePort(), freePort());
        try {
            assertTrue(stack.exportLines().stream().allMatch(l -> l.startsWith("export LOCNESS_")),
                    stack.exportLines().toString());
            Map<String, String> exports = stack.exports();
            assertEquals("127.0.0.1:" + kafka, exports.get("LOCNESS_KAFKA_BOOTSTRAP"));
            assertTrue(exports.keySet().containsAll(List.of("LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY",
                    "LOCNESS_S3_SECRET_KEY", "LOCNESS_TEMPORAL_TARGET")), exports.toString());

            // After `ready`: comments only, one distinct metrics port per service and per node.
            List<String> ports = stack.readLines(8);
            assertTrue(ports.stream().allMatch(l -> l.startsWith("#")), ports.toString());
            for (String service : List.of("=9401 locness ingest", "=9402 locness aggregator", "=9403 locness daily-prep",
                    "=9404 locness inference-node --node vm1", "=9405 locness sweeper --node vm1",
                    "=9406 locness inference-node --node vm2", "=9407 locness sweeper --node vm2")) {
                assertTrue(ports.stream().anyMatch(l -> l.endsWith("LOCNESS_METRICS_PORT" + service)), service + " in " + ports);
            }

            if (Files.isExecutable(Path.of("/usr/bin/kcat"))) {
                Process list = new ProcessBuilder("kcat", "-L", "-b", exports.get("LOCNESS_KAFKA_BOOTSTRAP"))
                        .redirectErrorStream(true).start();
                String metadata = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(list.waitFor(30, TimeUnit.SECONDS));
                for (Topic topic : Topic.values()) {
                    assertTrue(metadata.contains("\"" + topic.topicName() + "\"") && metadata.contains("\"" + topic.dlqName() + "\""),
                            topic + " missing:\n" + metadata);
                }
            }
        } finally {
            stack.stop();
        }
    }

    @Test
    void restartedOnItsDataDirIsReadyAgainWithItsRecordsOffsetsAndCredentials(@TempDir Path dir) throws Exception {
        int kafka = freePort();
        int s3 = freePort();
        int temporal = freePort();
        Path data = dir.resolve("data");
        String topic = Topic.JOBS_REQUESTED.topicName();
        TopicPartition partition = new TopicPartition(topic, 0);

        Stack first = Stack.start(dir, data, kafka, s3, temporal);
        KafkaSettings settings = KafkaSettings.plain(first.exports().get("LOCNESS_KAFKA_BOOTSTRAP"));
        try {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-stack"))) {
                for (String value : List.of("first", "second")) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", value.getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            try (Admin admin = admin(settings)) {
                admin.alterConsumerGroupOffsets("it-stack", Map.of(partition, new OffsetAndMetadata(1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } finally {
            first.stop();
        }

        Stack second = Stack.start(dir, data, kafka, s3, temporal);
        try {
            System.out.printf("stack ready in %d ms, again on its data dir in %d ms%n", first.readyMillis(),
                    second.readyMillis());
            // Same addresses and the same generated S3 secret: clients configured from the first run still connect.
            assertEquals(first.exports(), second.exports());
            try (Admin admin = admin(settings)) {
                assertEquals(1, admin.listConsumerGroupOffsets("it-stack").partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).get(partition).offset());
            }
            assertEquals(List.of("first", "second"), read(settings, partition, 2));
        } finally {
            second.stop();
        }
    }

    private static List<String> read(KafkaSettings settings, TopicPartition partition, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumer("it-stack-read"))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static Admin admin(KafkaSettings settings) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A running `locness stack` process, read up to its `ready` line. */
    private record Stack(Process process, BufferedReader out, List<String> exportLines, long readyMillis) {
        static Stack start(Path dir, Path data, int kafka, int s3, int temporal) throws Exception {
            long started = System.nanoTime();
            Process process = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "stack", "--kafka-port", Integer.toString(kafka),
                    "--s3-port", Integer.toString(s3), "--temporal-port", Integer.toString(temporal),
                    "--data-dir", data.toString(), "--ensemble", ENSEMBLE.toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile())).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new AssertionError("the stack exited before `ready`:\n" + lines + "\n"
                            + Files.readString(dir.resolve("stderr.log")));
                }
                lines.add(line);
            }
            return new Stack(process, out, lines, (System.nanoTime() - started) / 1_000_000);
        }

        Map<String, String> exports() {
            Map<String, String> exports = new LinkedHashMap<>();
            for (String line : exportLines) {
                String[] kv = line.replaceFirst("^export ", "").split("=", 2);
                exports.put(kv[0], kv[1]);
            }
            return exports;
        }

        List<String> readLines(int count) throws Exception {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(out.readLine());
            }
            return lines;
        }

        void stop() throws Exception {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the stack did not stop on SIGTERM");
            out.close();
        }
    }
}
