package org.locness.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.infra.embedded.StackOptions;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SyntheticMarketData;

/**
 * The operator restarts the stack's broker under a running ingest with jobs in flight: ingest
 * reconnects to the same address, and every request becomes exactly one {@code jobs.ready} record.
 */
class BrokerRestartIT {
    private static final Path ENSEMBLE = Path.of("").toAbsolutePath().getParent().resolve("config/ensemble-demo.yaml");
    private static final TradingDate TODAY = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int BEFORE = 100;
    private static final int AFTER = 20;

    @Test
    void aBrokerRestartUnderIngestLosesAndDuplicatesNoJob(@TempDir Path dir) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(StackOptions.ephemeral(dir.resolve("stack"), false))) {
            Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
            lake.ensureBucket();
            SeedPlan plan = SeedPlan.numbered(2, 1, TODAY, 7).withBarsPerDay(60);
            SyntheticMarketData.seed(lake, dir.resolve("seed"), plan);
            Map<String, String> env = new HashMap<>(stack.environment());
            env.put("LOCNESS_ENSEMBLE", ENSEMBLE.toString());
            env.put(IngestConfig.INSTANCE_ENV, "restart-it");
            // Only this test's requests: the seeded pre-swept objects must not trigger jobs of their own.
            env.put(IngestConfig.AUTO_TRIGGER_ENV, "false");
            env.put(MetricsServer.PORT_ENV, "0");
            List<JobId> jobs = new ArrayList<>();

            try (IngestService ingest = IngestService.start(IngestConfig.fromEnvironment(env), lake,
                    MetricsServer.newRegistry("ingest"));
                    Producer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("it-submit"))) {
                EventPublisher publisher = new EventPublisher(producer, "locness/it", Clock.systemUTC());
                submit(publisher, plan.symbols(), 0, BEFORE, jobs);
                await(() -> readyCount(stack) > 0, "the first jobs ready");

                long restartMillis = stack.restartKafka();
                long readyAtRestart = readyCount(stack);
                System.out.printf("broker restarted in %d ms with %d of %d jobs ready%n", restartMillis,
                        readyAtRestart, BEFORE);
                assertTrue(readyAtRestart < BEFORE, "the restart came after intake had finished: no job in flight");

                submit(publisher, plan.symbols(), BEFORE, AFTER, jobs);
                await(() -> intakeCommitted(stack) == BEFORE + AFTER, "ingest committing every request");
                assertEquals(Optional.empty(), ingest.failure(), "ingest is still running");
            }

            Map<String, Long> readyPerJob = readyJobIds(stack).stream()
                    .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
            Map<String, Long> once = jobs.stream().collect(Collectors.toMap(JobId::value, j -> 1L, (a, b) -> a, TreeMap::new));
            assertEquals(once, readyPerJob);
        }
    }

    private static void submit(EventPublisher publisher, List<Symbol> symbols, int from, int count, List<JobId> jobs) {
        for (int i = from; i < from + count; i++) {
            JobId id = JobId.of(String.format("restart-%03d", i));
            publisher.send(new JobRequested(symbols.get(i % symbols.size()), TODAY, id, null));
            jobs.add(id);
        }
        publisher.producer().flush();
    }

    /** Committed offsets of ingest's intake group on jobs.requested, summed: requests it is done with. */
    private static long intakeCommitted(EmbeddedStack stack) {
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(Component.ingestJobsGroup())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topic.JOBS_REQUESTED.topicName()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long readyCount(EmbeddedStack stack) {
        return readyJobIds(stack).size();
    }

    /** Every committed record on jobs.ready, read up to the topic's end. */
    private static List<String> readyJobIds(EmbeddedStack stack) {
        String topic = Topic.JOBS_READY.topicName();
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.kafkaSettings().consumer("it-ready"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read jobs.ready to its end " + ends);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(record.key());
                }
            }
        }
        return ids;
    }

    private static Admin admin(EmbeddedStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
