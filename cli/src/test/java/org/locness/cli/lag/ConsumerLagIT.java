package org.locness.cli.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.locness.cli.Locness;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.metrics.MetricsServer;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.testing.EmbeddedStackTest;

/**
 * A loop that has done part of a topic shows the rest as lag: per partition on its /metrics
 * ({@code locness_consumer_lag}) and in {@code locness lag}, which lists the pipeline's groups only.
 */
@EmbeddedStackTest
class ConsumerLagIT {
    private static final String TOPIC = "lag-it";
    private static final String GROUP = "sweeper-lag-it";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aLoopStuckOnARecordShowsTheRecordsAfterItAsLag(EmbeddedStack stack) throws Exception {
        try (Admin admin = Admin.create(stack.kafkaSettings().common());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("lag-it"))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            // A group that is not the pipeline's: locness lag leaves it out.
            admin.alterConsumerGroupOffsets("someone-else", Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)))
                    .all().get();
            send(producer, 1, 4);

            PrometheusMeterRegistry registry = MetricsServer.newRegistry("sweeper");
            // Given a loop that finishes every record but those from offset 3 of partition 0, which it retries forever
            try (MetricsServer metrics = MetricsServer.start(registry, "127.0.0.1", 0);
                    CommitAfterWorkLoop loop = new CommitAfterWorkLoop(GROUP,
                            new KafkaConsumer<>(stack.kafkaSettings().consumer(GROUP)), List.of(TOPIC), record -> {
                                if (record.partition() == 0 && record.offset() >= 3) {
                                    throw new IOException("the lake is unreachable");
                                }
                            }, new DeadLetterRouter(producer), registry, Duration.ofMillis(10), Duration.ofMillis(100))) {
                loop.start();
                awaitLag(metrics, 1, 0);

                // When partition 0 gets ten records
                send(producer, 0, 10);

                // Then /metrics shows seven records owed on partition 0 and none on partition 1
                awaitLag(metrics, 0, 7);
                assertEquals(Optional.of(0L), lag(scrape(metrics), 1));

                // And locness lag shows the group's committed offsets, the partitions' ends and the same lag
                StringWriter out = new StringWriter();
                int exit = Locness.commandLine().setOut(new PrintWriter(out))
                        .execute("lag", "--kafka-bootstrap", stack.kafkaBootstrap());
                String table = out.toString();
                assertEquals(0, exit, table);
                assertTrue(table.startsWith("GROUP "), table);
                assertEquals(List.of(GROUP, TOPIC, "0", "3", "10", "7"), columns(table, "0"), table);
                assertEquals(List.of(GROUP, TOPIC, "1", "4", "4", "0"), columns(table, "1"), table);
                assertFalse(table.contains("someone-else"), table);

                // And --watch prints a table each round, here two
                StringWriter watched = new StringWriter();
                assertEquals(0, Locness.commandLine().setOut(new PrintWriter(watched))
                        .execute("lag", "--kafka-bootstrap", stack.kafkaBootstrap(), "--watch", "1", "--count", "2"));
                assertEquals(2, watched.toString().split("\nGROUP ", -1).length - 1, watched.toString());
            }
            // A closed loop reports no lag: its partitions are its group's next owner's to report.
            assertTrue(registry.find("locness_consumer_lag").gauges().isEmpty());
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, int partition, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(TOPIC, partition, "k", ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** The first six columns of the table's row for this test's group and {@code partition}. */
    private static List<String> columns(String table, String partition) {
        return table.lines().map(line -> Arrays.asList(line.trim().split("\\s+")))
                .filter(cells -> cells.size() >= 6 && cells.get(0).equals(GROUP) && cells.get(2).equals(partition))
                .map(cells -> cells.subList(0, 6)).findFirst().orElse(List.of());
    }

    private static void awaitLag(MetricsServer metrics, int partition, long expected) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Optional<Long> seen = Optional.empty();
        while (System.nanoTime() < deadline) {
            seen = lag(scrape(metrics), partition);
            if (seen.equals(Optional.of(expected))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("locness_consumer_lag of " + TOPIC + "-" + partition + " never became " + expected
                + " (last seen " + seen + ")");
    }

    private static Optional<Long> lag(String scrape, int partition) {
        Pattern line = Pattern.compile("^locness_consumer_lag\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("group=\"" + GROUP + "\"") && labels.contains("topic=\"" + TOPIC + "\"")
                    && labels.contains("partition=\"" + partition + "\"") && labels.contains("component=\"sweeper\"")) {
                return Optional.of((long) Double.parseDouble(matcher.group(2)));
            }
        }
        return Optional.empty();
    }

    private static String scrape(MetricsServer metrics) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
