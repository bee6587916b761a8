package org.locness.sweeper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.inference.ModelStatus;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Component;
import org.locness.infra.embedded.EmbeddedLake;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.config.SweeperConfig;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.orphan.OrphanSweep;
import org.locness.sweeper.orphan.OutputRowReader;
import org.locness.sweeper.upload.OutputPair;
import org.locness.sweeper.upload.PairUploader;
import org.locness.sweeper.upload.ResultStager;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;

/**
 * The S3 server is down, then comes up seconds later: the sweeper retries the same record without
 * committing it, an orphan sweep leaves its files for the next pass, and the results arrive once the
 * server is back.
 */
@EmbeddedStackTest
class LakeOutageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void resultsArriveAfterTheLakeComesBackAndNothingIsCommittedBefore(EmbeddedStack stack) throws Exception {
        int port = freePort();
        String accessKey = "outage";
        String secretKey = UUID.randomUUID().toString();
        LakeSettings downLake = new LakeSettings("http://127.0.0.1:" + port, accessKey, secretKey, "lake");
        NodeName node = NodeName.of("vm-outage");
        SweeperConfig config = new SweeperConfig(stack.kafkaSettings(), downLake, node, dir.resolve("local"), 2,
                Duration.ofHours(1), Duration.ofHours(1), 0);
        StagingDirectory staging = new StagingDirectory(config.stagingDir());
        JobId job = JobId.of("OUTAGE-1");
        OutputPair pair = Fixtures.writePair(staging, dir.resolve("work"), job, Fixtures.GEMMA, node);
        byte[] output = Files.readAllBytes(pair.output());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        try (SweeperService sweeper = SweeperService.start(config, registry);
                StackTopics topics = new StackTopics(stack.kafkaSettings())) {
            RecordMetadata sent = topics.publish(Fixtures.succeeded(pair, node));
            TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
            String group = Component.sweeperGroup(node);

            // Two failed rounds (each one the lake client's own retries, then the loop's backoff).
            Await.until("the sweeper to fail against the stopped lake twice", TIMEOUT,
                    () -> registry.get("locness.sweeper.upload.retries").counter().count() >= 2);
            OffsetAndMetadata whileDown = topics.committed(group, partition);
            assertTrue(whileDown == null || whileDown.offset() <= sent.offset(),
                    "committed " + whileDown + " past the unstaged event at offset " + sent.offset());
            assertTrue(Files.exists(pair.output()) && Files.exists(pair.patterns()), "local pair kept while down");

            try (EmbeddedLake lake = EmbeddedLake.start(port, dir.resolve("lake"), stack.kafkaSettings(), accessKey,
                    secretKey, true)) {
                List<ResultStaged> results = topics.resultsOf(job, r -> !r.isEmpty(), TIMEOUT);

                assertEquals(1, results.size());
                assertEquals(ModelStatus.SUCCEEDED, results.get(0).status());
                assertEquals(pair.resultKey(), results.get(0).resultKey());
                try (InputStream in = Lake.connect(downLake).open(pair.resultKey())) {
                    assertArrayEquals(output, in.readAllBytes());
                }
                Await.until("local pair deleted", TIMEOUT,
                        () -> !Files.exists(pair.output()) && !Files.exists(pair.patterns()));
                Await.until("the offset committed once the result was staged", TIMEOUT,
                        () -> committedPast(topics, group, partition, sent.offset()));
            }
        }
    }

    @Test
    void anOrphanSweepDuringTheOutageLeavesTheFilesForTheNextPass(EmbeddedStack stack) throws Exception {
        int port = freePort();
        String accessKey = "outage";
        String secretKey = UUID.randomUUID().toString();
        LakeSettings downLake = new LakeSettings("http://127.0.0.1:" + port, accessKey, secretKey, "lake");
        NodeName node = NodeName.of("vm-orphan-outage");
        StagingDirectory staging = new StagingDirectory(dir.resolve("orphans"));
        JobId job = JobId.of("ORPHAN-OUTAGE-1");
        OutputPair pair = Fixtures.writePair(staging, dir.resolve("work"), job, Fixtures.GEMMA, node);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(pair.output(), old);
        Files.setLastModifiedTime(pair.patterns(), old);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SweeperMetrics metrics = new SweeperMetrics(registry, staging);
        ExecutorService uploads = Executors.newFixedThreadPool(2);
        try (Producer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("orphan-outage"));
                StackTopics topics = new StackTopics(stack.kafkaSettings())) {
            ResultStager stager = new ResultStager(staging, new PairUploader(Lake.connect(downLake), uploads, metrics),
                    new EventPublisher(producer, "locness/sweeper-it", Clock.systemUTC()), metrics);
            OrphanSweep sweep = new OrphanSweep(staging, node, Duration.ofMinutes(10), Clock.systemUTC(),
                    new OutputRowReader(dir.resolve("work")), stager, metrics);

            sweep.run();

            assertEquals(1, registry.get("locness.sweeper.upload.retries").counter().count());
            assertEquals(0, registry.get("locness.sweeper.orphans.recovered").counter().count());
            assertTrue(Files.exists(pair.output()) && Files.exists(pair.patterns()), "orphan kept for the next pass");

            try (EmbeddedLake lake = EmbeddedLake.start(port, dir.resolve("lake-2"), stack.kafkaSettings(), accessKey,
                    secretKey, true)) {
                assertEquals(new OrphanSweep.Result(1, 0, 0), sweep.sweep());

                List<ResultStaged> results = topics.resultsOf(job, r -> !r.isEmpty(), TIMEOUT);
                assertEquals(ModelStatus.SUCCEEDED, results.get(0).status());
                assertTrue(!Files.exists(pair.output()) && !Files.exists(pair.patterns()), "orphan swept");
            }
        } finally {
            uploads.shutdownNow();
        }
    }

    private static boolean committedPast(StackTopics topics, String group, TopicPartition partition, long offset) {
        try {
            OffsetAndMetadata committed = topics.committed(group, partition);
            return committed != null && committed.offset() > offset;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
