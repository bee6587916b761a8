package org.locness.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.ModelStatus;
import org.locness.events.inference.Timings;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.testing.EmbeddedStackTest;

/**
 * Exactly-once across a crash: the aggregator process is killed (SIGKILL) mid-stream, restarted on
 * the same state directory, and fed every result again; each job still has exactly one consensus.
 */
@EmbeddedStackTest
class AggregatorCrashIT {
    private static final Path JAR = Path.of("target", "locness.jar");
    private static final int JOBS = 30;
    private static final TradingDate DAY = TradingDate.of("2026-11-27");
    private static final List<ExpectedModel> MODELS = List.of(
            new ExpectedModel(ModelName.of("m1"), NodeName.of("vm1"), 1.5),
            new ExpectedModel(ModelName.of("m2"), NodeName.of("vm1"), 1.0),
            new ExpectedModel(ModelName.of("m3"), NodeName.of("vm2"), 1.0));

    @Test
    void aKilledAggregatorRestartsWithoutDoubleCounting(EmbeddedStack stack, @TempDir Path dir) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("crash-it"))) {
            EventPublisher results = new EventPublisher(producer, "crash-it", Clock.systemUTC());

            // Given an aggregator that has published half the jobs and holds two results of the others
            Process first = start(stack, dir);
            for (int job = 0; job < JOBS; job++) {
                for (int model = 0; model < (job < JOBS / 2 ? 3 : 2); model++) {
                    results.publish(result(job, model));
                }
            }
            awaitConsensus(stack, JOBS / 2, first);

            // When it is killed without warning and restarted, and every result arrives again plus the last ones
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            Process second = start(stack, dir);
            try {
                for (int job = 0; job < JOBS; job++) {
                    for (int model = 0; model < 3; model++) {
                        results.publish(result(job, model));
                    }
                }
                awaitConsensus(stack, JOBS, second);
                awaitAllResultsConsumed(stack, second);
                Map<JobId, Integer> consensus = readConsensus(stack);

                // Then every job has exactly one consensus record
                assertEquals(JOBS, consensus.size());
                assertTrue(consensus.values().stream().allMatch(n -> n == 1), consensus.toString());
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static ResultStaged result(int job, int model) {
        JobId jobId = JobId.of(String.format("CRASH-%03d", job));
        ExpectedModel m = MODELS.get(model);
        return new ResultStaged(jobId, Symbol.of("CRASH"), DAY, m.model(), m.node(), ModelStatus.SUCCEEDED, null,
                ObjectKey.of("staging/results/" + jobId + "/" + m.model() + ".parquet"),
                ObjectKey.of("staging/patterns/" + jobId + "/" + m.model() + ".parquet"),
                Map.of("up", 0.5, "down", 0.3, "flat", 0.2), "trend=up|vol=low|volume=normal|gap=none",
                new Timings(10, 5, 6), MODELS);
    }

    private static Process start(EmbeddedStack stack, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "aggregator")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("aggregator.log").toFile()));
        builder.environment().putAll(stack.environment());
        builder.environment().put("LOCNESS_AGGREGATOR_STATE_DIR", dir.resolve("state").toString());
        builder.environment().put("LOCNESS_METRICS_PORT", Integer.toString(freePort()));
        return builder.start();
    }

    /** Waits until at least {@code expected} jobs have a committed consensus record. */
    private static void awaitConsensus(EmbeddedStack stack, int expected, Process aggregator)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<JobId, Integer> counts = Map.of();
        while (System.nanoTime() < deadline) {
            assertTrue(aggregator.isAlive(), "the aggregator exited");
            counts = readConsensus(stack);
            if (counts.size() >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + counts.size() + " of " + expected + " jobs have a consensus");
    }

    /** The aggregator's committed position on results.staged has reached the end: every resend was seen. */
    private static void awaitAllResultsConsumed(EmbeddedStack stack, Process aggregator) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                assertTrue(aggregator.isAlive(), "the aggregator exited");
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        Component.aggregatorApplicationId()).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(p -> p.topic().equals(Topic.RESULTS_STAGED.topicName()))
                        .forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                // Under exactly-once the last committed offset sits past the final transaction marker.
                if (!latest.isEmpty() && latest.keySet().stream()
                        .allMatch(p -> committed.get(p).offset() >= ends.get(p).offset())) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new AssertionError("the aggregator did not consume every result within 2 minutes");
        }
    }

    private static Map<JobId, Integer> readConsensus(EmbeddedStack stack) {
        Properties props = stack.kafkaSettings().consumer("crash-it-read");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<JobId, Integer> counts = new HashMap<>();
        EventCodec<ConsensusPrediction> codec = EventCodec.of(ConsensusPrediction.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topic.PREDICTIONS_CONSENSUS.topicName(), Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> counts.merge(codec.parse(r.value()).jobId(), 1, Integer::sum));
            }
        }
        return counts;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
