package org.locness.sweeper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.inference.Timings;
import org.locness.events.json.EventJson;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.lake.LakeKeys;
import org.locness.events.metrics.MeteredService;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.config.SweeperConfig;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.upload.OutputPair;
import org.locness.sweeper.upload.PairUpload.FileOutcome;
import org.locness.sweeper.upload.PairUpload;
import org.locness.sweeper.upload.PairUploader;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;

/**
 * The sweeper against a real broker and S3 server. Each test runs its own node (so its own consumer
 * group and staging directory) and its own job ids; other tests' events on the shared topic are
 * skipped as another node's.
 */
@EmbeddedStackTest
class SweeperServiceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration NEVER = Duration.ofHours(1);
    private static final ModelName MARKER = ModelName.of("marker");

    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private StackTopics topics;
    private Lake lake;

    /** A sweeper under test with its registry and staging directory. */
    record Sweeper(SweeperService service, PrometheusMeterRegistry registry, StagingDirectory staging, NodeName node) {
        double counter(String name) {
            return registry.get(name).counter().count();
        }

        double announced(String outcome) {
            return registry.get("locness.sweeper.results.announced").tag("outcome", outcome).counter().count();
        }
    }

    @BeforeEach
    void connect(EmbeddedStack stack) {
        topics = new StackTopics(stack.kafkaSettings());
        resources.add(topics);
        lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private Sweeper start(EmbeddedStack stack, String node, Duration orphanAge, Duration sweepInterval) throws Exception {
        SweeperConfig config = new SweeperConfig(stack.kafkaSettings(), LakeSettings.fromEnvironment(stack.environment()),
                NodeName.of(node), dir.resolve(node), 2, orphanAge, sweepInterval, 0);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SweeperService service = SweeperService.start(config, registry);
        resources.add(service);
        return new Sweeper(service, registry, new StagingDirectory(config.stagingDir()), config.node());
    }

    private Sweeper start(EmbeddedStack stack, String node) throws Exception {
        return start(stack, node, NEVER, NEVER);
    }

    private Path work() {
        return dir.resolve("work");
    }

    private static ResultStaged staged(OutputPair pair, NodeName node) {
        return new ResultStaged(pair.jobId(), Fixtures.BTC, Fixtures.DATE, pair.model(), node, ModelStatus.SUCCEEDED, null,
                pair.resultKey(), pair.patternsKey(), Fixtures.PROBABILITIES, Fixtures.SIGNATURE, Fixtures.TIMINGS,
                Fixtures.expected(node));
    }

    /**
     * Publishes a marker failure for the job (same key, so same partition, handled after everything
     * before it) and returns the job's results once the marker's is among them: by then every earlier
     * event of the job has been handled.
     */
    private List<ResultStaged> resultsAfterMarker(JobId job, NodeName node) {
        topics.publish(Fixtures.failed(job, MARKER, node, "marker"));
        return topics.resultsOf(job, results -> results.stream().anyMatch(r -> r.model().equals(MARKER)), TIMEOUT)
                .stream().filter(r -> !r.model().equals(MARKER)).toList();
    }

    private byte[] stored(ObjectKey key) throws Exception {
        try (InputStream in = lake.open(key)) {
            return in.readAllBytes();
        }
    }

    private static boolean gone(OutputPair pair) {
        return !Files.exists(pair.output()) && !Files.exists(pair.patterns());
    }

    @Test
    void uploadsVerifiesAnnouncesAndCleansUp(EmbeddedStack stack) throws Exception {
        Sweeper sweeper = start(stack, "vm-happy");
        JobId job = JobId.of("HAPPY-1");
        OutputPair pair = Fixtures.writePair(sweeper.staging(), work(), job, Fixtures.GEMMA, sweeper.node());
        byte[] output = Files.readAllBytes(pair.output());
        byte[] patterns = Files.readAllBytes(pair.patterns());

        topics.publish(Fixtures.succeeded(pair, sweeper.node()));

        List<ResultStaged> results = topics.resultsOf(job, r -> !r.isEmpty(), TIMEOUT);
        assertEquals(List.of(staged(pair, sweeper.node())), results);
        assertArrayEquals(output, stored(pair.resultKey()));
        assertArrayEquals(patterns, stored(pair.patternsKey()));
        Await.until("local pair deleted", TIMEOUT, () -> gone(pair));
        Await.until("announcement counted", TIMEOUT, () -> sweeper.announced("staged") == 1);
        assertEquals(2, sweeper.counter("locness.sweeper.uploaded.files"));
        assertEquals(output.length + patterns.length, sweeper.counter("locness.sweeper.uploaded.bytes"));
        assertEquals(2, sweeper.registry().get("locness.sweeper.upload.duration").timer().count());
        String scrape = sweeper.registry().scrape();
        assertTrue(scrape.contains("locness_sweeper_staging_disk_usage_bytes"), scrape);
        assertTrue(scrape.contains("locness_sweeper_orphans_recovered_total"), scrape);
    }

    @Test
    void aRedeliveredEventAnnouncesTheSameResultWithoutUploadingAgain(EmbeddedStack stack) throws Exception {
        Sweeper sweeper = start(stack, "vm-redelivery");
        JobId job = JobId.of("REDELIVERY-1");
        OutputPair pair = Fixtures.writePair(sweeper.staging(), work(), job, Fixtures.GEMMA, sweeper.node());
        InferenceCompleted event = Fixtures.succeeded(pair, sweeper.node());
        topics.publish(event);
        topics.resultsOf(job, r -> !r.isEmpty(), TIMEOUT);
        Await.until("local pair deleted", TIMEOUT, () -> gone(pair));
        ObjectInfo first = lake.stat(pair.resultKey()).orElseThrow();

        topics.publish(event);

        List<ResultStaged> results = resultsAfterMarker(job, sweeper.node());
        assertEquals(List.of(staged(pair, sweeper.node()), staged(pair, sweeper.node())), results);
        ObjectInfo second = lake.stat(pair.resultKey()).orElseThrow();
        assertEquals(first.eTag(), second.eTag());
        assertEquals(first.lastModified(), second.lastModified());
        assertEquals(2, sweeper.counter("locness.sweeper.uploaded.files"));
        assertEquals(2, sweeper.announced("staged"));
        assertEquals(0, sweeper.announced("lost-output"));
    }

    @Test
    void aSweeperKilledBetweenUploadAndDeleteConvergesOnRestart(EmbeddedStack stack) throws Exception {
        NodeName node = NodeName.of("vm-killed");
        StagingDirectory staging = new StagingDirectory(dir.resolve(node.value()));
        JobId job = JobId.of("KILLED-1");
        OutputPair pair = Fixtures.writePair(staging, work(), job, Fixtures.GEMMA, node);
        // The first sweeper uploads both files, then dies before it announces or deletes anything.
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            PairUpload upload = new PairUploader(lake, executor, new SweeperMetrics(new SimpleMeterRegistry(), staging))
                    .upload(pair);
            assertEquals(new PairUpload(FileOutcome.UPLOADED, FileOutcome.UPLOADED), upload);
        } finally {
            executor.shutdownNow();
        }
        assertTrue(Files.exists(pair.output()) && Files.exists(pair.patterns()));

        // Its event was never committed: the restarted sweeper gets it again.
        Sweeper restarted = start(stack, node.value());
        topics.publish(Fixtures.succeeded(pair, node));

        assertEquals(List.of(staged(pair, node)), resultsAfterMarker(job, node));
        assertEquals(List.of(pair.resultKey()), keys(LakeKeys.stagedResultsPrefix(job)));
        assertEquals(List.of(pair.patternsKey()), keys(LakeKeys.stagedPatternsPrefix(job)));
        Await.until(() -> "no local leftovers, found " + fileNames(restarted.staging()), TIMEOUT,
                () -> fileNames(restarted.staging()).isEmpty());
    }

    @Test
    void aPairPartlyDeletedBeforeACrashIsStillAnnouncedAsStaged(EmbeddedStack stack) throws Exception {
        NodeName node = NodeName.of("vm-half-deleted");
        StagingDirectory staging = new StagingDirectory(dir.resolve(node.value()));
        JobId job = JobId.of("HALF-1");
        OutputPair pair = Fixtures.writePair(staging, work(), job, Fixtures.GEMMA, node);
        lake.put(pair.resultKey(), pair.output());
        lake.put(pair.patternsKey(), pair.patterns());
        Files.delete(pair.patterns());

        Sweeper sweeper = start(stack, node.value());
        topics.publish(Fixtures.succeeded(pair, node));

        assertEquals(List.of(staged(pair, node)), resultsAfterMarker(job, node));
        Await.until("local output deleted", TIMEOUT, () -> gone(pair));
        assertEquals(1, sweeper.counter("locness.sweeper.uploaded.files"));
    }

    @Test
    void anOutputNeitherLocalNorStagedIsAnnouncedAsLost(EmbeddedStack stack) throws Exception {
        Sweeper sweeper = start(stack, "vm-lost");
        JobId job = JobId.of("LOST-1");
        OutputPair pair = OutputPair.in(sweeper.staging(), job, Fixtures.GEMMA);

        topics.publish(Fixtures.succeeded(pair, sweeper.node()));

        List<ResultStaged> results = topics.resultsOf(job, r -> !r.isEmpty(), TIMEOUT);
        assertEquals(List.of(new ResultStaged(job, Fixtures.BTC, Fixtures.DATE, Fixtures.GEMMA, sweeper.node(),
                ModelStatus.FAILED, "lost-output", null, null, null, null, Fixtures.TIMINGS,
                Fixtures.expected(sweeper.node()))), results);
        Await.until("lost output counted", TIMEOUT, () -> sweeper.announced("lost-output") == 1);
        assertFalse(lake.exists(pair.resultKey()));
    }

    @Test
    void aFailedModelIsForwardedAsAStagedFailure(EmbeddedStack stack) throws Exception {
        Sweeper sweeper = start(stack, "vm-failed");
        JobId job = JobId.of("FAILED-1");

        topics.publish(Fixtures.failed(job, Fixtures.MISTRAL, sweeper.node(), "prompt longer than the context"));

        List<ResultStaged> results = topics.resultsOf(job, r -> !r.isEmpty(), TIMEOUT);
        assertEquals(List.of(new ResultStaged(job, Fixtures.BTC, Fixtures.DATE, Fixtures.MISTRAL, sweeper.node(),
                ModelStatus.FAILED, "prompt longer than the context", null, null, null, null, Fixtures.TIMINGS,
                Fixtures.expected(sweeper.node()))), results);
        Await.until("forwarded failure counted", TIMEOUT, () -> sweeper.announced("failure-forwarded") == 1);
    }

    @Test
    void eventsOfOtherNodesAreSkippedAndTheirFilesLeftAlone(EmbeddedStack stack) throws Exception {
        Sweeper sweeper = start(stack, "vm-mine");
        JobId job = JobId.of("OTHER-1");
        OutputPair pair = Fixtures.writePair(sweeper.staging(), work(), job, Fixtures.GEMMA, sweeper.node());

        topics.publish(Fixtures.succeeded(pair, NodeName.of("vm-theirs")));

        assertEquals(List.of(), resultsAfterMarker(job, sweeper.node()));
        assertTrue(Files.exists(pair.output()) && Files.exists(pair.patterns()));
        assertFalse(lake.exists(pair.resultKey()));
        assertTrue(sweeper.counter("locness.sweeper.events.skipped") >= 1);
    }

    @Test
    void pathsThatAreNotThePairsFilesGoToTheDlqAndTheLoopMovesOn(EmbeddedStack stack) throws Exception {
        Sweeper sweeper = start(stack, "vm-dlq");
        NodeName node = sweeper.node();
        JobId job = JobId.of("DLQ-1");
        OutputPair pair = Fixtures.writePair(sweeper.staging(), work(), job, Fixtures.GEMMA, node);
        Path cache = sweeper.staging().resolve("daily_context_2026-11-26.parquet");
        Files.writeString(cache, "cached context");
        Path outside = dir.resolve("output_gemma-7b_DLQ-1.parquet");
        Files.writeString(outside, "not the staging directory");

        topics.publish(Fixtures.succeeded(new OutputPair(job, Fixtures.GEMMA, outside, pair.patterns()), node));
        topics.publish(Fixtures.succeeded(new OutputPair(job, Fixtures.GEMMA, cache, pair.patterns()), node));
        topics.publish(Fixtures.succeeded(pair, node));

        List<ConsumerRecord<String, byte[]>> dead = topics.deadLettersOf(job, 2, TIMEOUT);
        assertEquals(2, dead.size());
        Map<String, String> outsideHeaders = headers(dead.get(0));
        assertEquals("outputPath", outsideHeaders.get(DeadLetterRouter.FIELD));
        assertTrue(outsideHeaders.get(DeadLetterRouter.REASON).contains("outside the staging directory"),
                outsideHeaders.get(DeadLetterRouter.REASON));
        assertEquals(Topic.INFERENCE_COMPLETED.topicName(), outsideHeaders.get(DeadLetterRouter.SOURCE_TOPIC));
        assertTrue(outsideHeaders.containsKey(CloudEventHeaders.ID), "original headers kept");
        assertTrue(headers(dead.get(1)).get(DeadLetterRouter.REASON).contains("expected output_gemma-7b_DLQ-1.parquet"));

        assertEquals(List.of(staged(pair, node)), resultsAfterMarker(job, node));
        assertEquals("cached context", Files.readString(cache));
        assertEquals("not the staging directory", Files.readString(outside));
        assertEquals(2, sweeper.registry().get("locness_consumer_records")
                .tags("loop", "sweeper-vm-dlq", "outcome", "dead_lettered").counter().count());
    }

    @Test
    void orphansAreRecoveredAndNothingElseIsTouched(EmbeddedStack stack) throws Exception {
        NodeName node = NodeName.of("vm-orphans");
        StagingDirectory staging = new StagingDirectory(dir.resolve(node.value()));
        Instant old = Instant.now().minus(Duration.ofHours(2));
        JobId orphanJob = JobId.of("ORPHAN-1");
        OutputPair orphan = Fixtures.writePair(staging, work(), orphanJob, Fixtures.GEMMA, node);
        byte[] orphanOutput = Files.readAllBytes(orphan.output());
        write(staging, "input_ORPHAN-1_BTC.parquet", "input of the orphan's job");
        OutputPair young = Fixtures.writePair(staging, work(), JobId.of("YOUNG-1"), Fixtures.GEMMA, node);
        write(staging, "input_YOUNG-1_BTC.parquet", "input of a job still running");
        write(staging, "input_DONE-1_ETH.parquet", "input of a finished job");
        write(staging, "input_FRESH-1_SOL.parquet", "input just downloaded");
        OutputPair unreadable = OutputPair.in(staging, JobId.of("BROKEN-1"), Fixtures.GEMMA);
        write(staging, unreadable.output().getFileName().toString(), "not parquet");
        OutputPair noExpected = OutputPair.in(staging, JobId.of("NOEXPECTED-1"), Fixtures.GEMMA);
        Fixtures.writeOutput(staging, work(), noExpected, node, null);
        OutputPair otherNode = OutputPair.in(staging, JobId.of("ELSEWHERE-1"), Fixtures.GEMMA);
        Fixtures.writeOutput(staging, work(), otherNode, NodeName.of("vm-elsewhere"), EventJson.write(Fixtures.expected(node)));
        List<String> unrelated = List.of("daily_context_2026-11-26.parquet", "patterns_2026-11-26.parquet",
                "patterns_new_gemma-7b_LONELY-1.parquet", ".output_gemma-7b_TMP-1.parquet.1a2b3c4d.tmp",
                "output_Gemma_X.parquet", "notes.txt");
        for (String name : unrelated) {
            write(staging, name, "unrelated " + name);
        }
        Map<String, byte[]> untouched = new LinkedHashMap<>();
        for (String name : fileNames(staging)) {
            if (!name.equals("input_FRESH-1_SOL.parquet") && !name.endsWith("_YOUNG-1.parquet")) {
                Files.setLastModifiedTime(staging.root().resolve(name), FileTime.from(old));
            }
            if (!name.contains("ORPHAN-1") && !name.equals("input_DONE-1_ETH.parquet")) {
                untouched.put(name, Files.readAllBytes(staging.root().resolve(name)));
            }
        }

        Sweeper sweeper = start(stack, node.value(), Duration.ofMinutes(10), NEVER);

        List<ResultStaged> results = topics.resultsOf(orphanJob, r -> !r.isEmpty(), TIMEOUT);
        assertEquals(List.of(new ResultStaged(orphanJob, Fixtures.BTC, Fixtures.DATE, Fixtures.GEMMA, node,
                ModelStatus.SUCCEEDED, null, orphan.resultKey(), orphan.patternsKey(), Fixtures.PROBABILITIES,
                Fixtures.SIGNATURE, new Timings(412, 850, 850), Fixtures.expected(node))), results);
        assertArrayEquals(orphanOutput, stored(orphan.resultKey()));
        Await.until(() -> "two inputs deleted, files now " + fileNames(staging), TIMEOUT,
                () -> sweeper.counter("locness.sweeper.inputs.deleted") == 2);
        assertEquals(1, sweeper.counter("locness.sweeper.orphans.recovered"));
        assertEquals(3, sweeper.counter("locness.sweeper.orphans.unreadable"));
        assertEquals(List.copyOf(untouched.keySet()), fileNames(staging));
        for (Map.Entry<String, byte[]> file : untouched.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(staging.root().resolve(file.getKey())), file.getKey());
        }
        assertFalse(lake.exists(young.resultKey()));
    }

    @Test
    void aStartThatFailsReleasesWhatItOpened(EmbeddedStack stack) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            SweeperConfig config = new SweeperConfig(stack.kafkaSettings(),
                    LakeSettings.fromEnvironment(stack.environment()), NodeName.of("vm-port-taken"),
                    dir.resolve("vm-port-taken"), 2, NEVER, NEVER, taken.getLocalPort());

            assertThrows(MetricsServer.PortInUseException.class,
                    () -> MeteredService.start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "0.0.0.0",
                            config.metricsPort(), registry -> SweeperService.start(config, registry)));
        }
        Set<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.contains("sweeper-vm-port-taken")).collect(Collectors.toSet());
        Await.until(() -> "no sweeper thread left, found " + threads, TIMEOUT,
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().contains("sweeper-vm-port-taken") && t.isAlive()));
    }

    private static void write(StagingDirectory staging, String name, String content) throws Exception {
        Files.writeString(staging.root().resolve(name), content);
    }

    private static List<String> fileNames(StagingDirectory staging) {
        try (Stream<Path> files = Files.list(staging.root())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ObjectKey> keys(String prefix) {
        return lake.list(prefix).stream().map(ObjectInfo::key).toList();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}
