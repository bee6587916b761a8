package org.locness.cli.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.kafka.LoopHealth;
import org.locness.events.topic.Topic;

/**
 * The broker frozen ({@code kill -STOP} of the stack's process) for longer than the loops' session
 * and commit timeouts while they have work in hand, then thawed: the commits that fail meanwhile
 * are redone, the loops rejoin their groups, and every record is processed and committed without a
 * restart. Timeouts are shortened (6 s session, 5 s API calls) so the outage needs only 20 s.
 */
class BrokerFreezeIT {
    private static final String TOPIC = Topic.JOBS_READY.topicName();
    private static final List<String> GROUPS = List.of("freeze-inference-a", "freeze-inference-b");
    private static final Duration FREEZE = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void everyRecordIsProcessedAfterTheBrokerWasFrozenLongerThanTheSessionAndCommitTimeouts(@TempDir Path dir)
            throws Exception {
        try (StackProcess stack = StackProcess.start(dir)) {
            KafkaSettings kafka = KafkaSettings.plain(stack.kafkaBootstrap());
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Map<String, Set<String>> handled = new ConcurrentHashMap<>();
            CountDownLatch inHand = new CountDownLatch(GROUPS.size());
            CountDownLatch frozen = new CountDownLatch(1);
            produce(kafka, IntStream.range(0, 10).mapToObj(i -> "before-" + i).toList());
            produce(kafka, List.of("in-flight"));

            List<CommitAfterWorkLoop> loops = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try (KafkaProducer<String, byte[]> dlq = new KafkaProducer<>(kafka.producer("freeze-dlq"))) {
                for (String group : GROUPS) {
                    CommitAfterWorkLoop loop = new CommitAfterWorkLoop(group, new KafkaConsumer<>(shortTimeouts(kafka, group)),
                            List.of(TOPIC), record -> {
                                if (record.key().equals("in-flight") && frozen.getCount() > 0) {
                                    // Hold this record until the broker is frozen: its commit then meets the outage.
                                    inHand.countDown();
                                    frozen.await();
                                }
                                handled.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(record.key());
                            }, new DeadLetterRouter(dlq), metrics, Duration.ofMillis(200), Duration.ofSeconds(2));
                    loops.add(loop);
                    threads.add(loop.start());
                }
                try {
                    await("both loops hold the in-flight record", () -> inHand.getCount() == 0, threads);

                    stack.freeze();
                    long frozenAt = System.nanoTime();
                    frozen.countDown();
                    // The outage lasts FREEZE, and at least until each loop has seen a commit fail in it.
                    await("the outage outlasts the timeouts and every loop's commit has failed",
                            () -> System.nanoTime() - frozenAt >= FREEZE.toNanos()
                                    && GROUPS.stream().allMatch(g -> retried(metrics, g) >= 1), threads);
                    stack.thaw();
                    long thawedAt = System.nanoTime();

                    List<String> after = IntStream.range(0, 10).mapToObj(i -> "after-" + i).toList();
                    produce(kafka, after);
                    Set<String> all = new java.util.HashSet<>(after);
                    IntStream.range(0, 10).mapToObj(i -> "before-" + i).forEach(all::add);
                    all.add("in-flight");
                    await("every record is handled and committed by every loop",
                            () -> GROUPS.stream().allMatch(g -> handled.getOrDefault(g, Set.of()).containsAll(all)
                                    && fullyCommitted(stack, g)), threads);
                    long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - thawedAt);
                    Files.writeString(Path.of("target", "broker-freeze-recovery.txt"),
                            "broker frozen " + FREEZE.toSeconds() + " s; from thaw to all work committed: "
                                    + recoveryMillis + " ms\n");
                    System.out.println("broker-freeze: from thaw to all work committed in " + recoveryMillis + " ms");

                    assertTrue(threads.stream().allMatch(Thread::isAlive), "no loop stopped");
                    assertEquals(List.of(), LoopHealth.downLoops(metrics));
                } finally {
                    loops.forEach(CommitAfterWorkLoop::close);
                }
            }
        }
    }

    private static Properties shortTimeouts(KafkaSettings kafka, String group) {
        Properties p = kafka.consumer(group);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        return p;
    }

    private static double retried(SimpleMeterRegistry metrics, String loop) {
        var counter = metrics.find("locness_consumer_records").tag("loop", loop).tag("outcome", "retried").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void produce(KafkaSettings kafka, List<String> keys) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("freeze-it"))) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(TOPIC, key, key.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** True when the group's committed offsets reach the end of every partition of the topic. */
    private static boolean fullyCommitted(StackProcess stack, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Set<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(TOPIC).partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                    || (committed.containsKey(end.getKey()) && committed.get(end.getKey()).offset() == end.getValue()));
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Polls until {@code condition} holds; fails at once if a loop thread has died meanwhile. */
    private static void await(String what, BooleanSupplier condition, List<Thread> loops) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!loops.stream().allMatch(Thread::isAlive)) {
                throw new AssertionError("a loop stopped while waiting until " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
