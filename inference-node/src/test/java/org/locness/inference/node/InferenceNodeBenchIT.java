package org.locness.inference.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.events.topic.Topic;
import org.locness.inference.model.TinyModels;
import org.locness.inference.node.EnsembleFiles.Member;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.EmbeddedStackTest;

/**
 * The node's own cost per job and model, everything but the forward pass: {@code total_ms - inference_ms}
 * of each {@code inference.completed} event (cache lookups, the input's bar statistics, prompt rendering
 * and token counting, both output files), a day's 100 jobs one at a time with context and patterns
 * present. As in production, every job has an input object of its own (a symbol's day): the day's first
 * job starts the node's background read of the whole day, and the jobs that come before it ends read
 * their own inputs, so the median covers both kinds; the read's own time is printed beside it. Two layouts: one model in the
 * process (K3s runs one pod per model; {@code node_overhead_ms_p50}) and three tiny models as the demo's vm1, which on a small machine
 * share its CPUs with each other and the embedded broker ({@code node_overhead_ms_p50_three_models}).
 * Prints figures; asserts nothing about them.
 */
@Tag("bench")
@EmbeddedStackTest
class InferenceNodeBenchIT {
    private static final int WARMUP_JOBS = 3;
    /** A day of the seed's: 100 symbols, one job each. */
    private static final int JOBS = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final EventCodec<InferenceCompleted> COMPLETED = EventCodec.of(InferenceCompleted.class);

    @TempDir
    Path dir;

    /** The day's context and patterns in the lake, shared by both layouts, and each job's own input. */
    private record Day(TradingDate date, ObjectKey context, ObjectKey patterns, Map<String, List<Job>> jobs) {
    }

    /** A job's symbol and its input object, which no other job reads. */
    private record Job(Symbol symbol, ObjectKey input) {
    }

    @Test
    void perJobNodeOverhead(EmbeddedStack stack) throws Exception {
        TradingDate today = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        Path work = dir.resolve("work");
        Map<String, List<Job>> jobs = new HashMap<>();
        List<Symbol> symbols = new ArrayList<>();
        for (String node : List.of("bench1", "bench3")) {
            List<Job> nodeJobs = new ArrayList<>();
            for (int i = 0; i < WARMUP_JOBS + JOBS; i++) {
                Symbol symbol = Symbol.of(node.toUpperCase(Locale.ROOT) + "-S" + i);
                ObjectKey input = LakeKeys.marketData(symbol, today);
                lake.put(input, LakeFiles.bars(dir.resolve(symbol + ".parquet"), work, symbol, today, 0, 1440, 0.001));
                nodeJobs.add(new Job(symbol, input));
                symbols.add(symbol);
            }
            jobs.put(node, nodeJobs);
        }
        ObjectKey context = LakeKeys.dailyPrepared(today);
        lake.put(context, LakeFiles.context(dir.resolve("ctx.parquet"), work, today, symbols, 100));
        ObjectKey patterns = LakeKeys.unifiedPatterns(today);
        lake.put(patterns, LakeFiles.patterns(dir.resolve("pat.parquet"), work, today, "trend=up|vol=low|volume=normal|gap=none", 60));
        Day day = new Day(today, context, patterns, jobs);

        // K3s: one model per pod. Then the demo's vm1: three models in one process, sharing this machine's CPUs.
        List<Long> alone = measure(stack, day, "bench1", List.of(
                new Member("bench1-gemma-7b-tiny", TinyModels.dir("gemma-7b-tiny").toString(), "0-9")));
        List<Long> shared = measure(stack, day, "bench3", List.of(
                new Member("bench3-gemma-7b-tiny", TinyModels.dir("gemma-7b-tiny").toString(), "0-9"),
                new Member("bench3-mistral-7b-tiny", TinyModels.dir("mistral-7b-tiny").toString(), "10-19"),
                new Member("bench3-gemma-4b-tiny", TinyModels.dir("gemma-4b-tiny").toString(), "20-29")));
        System.out.printf(Locale.ROOT, "BENCH node_overhead_ms_p50 %d ms%n", percentile(alone, 50));
        System.out.printf(Locale.ROOT, "BENCH node_overhead_ms_p50_three_models %d ms%n", percentile(shared, 50));
    }

    /** Runs the jobs one at a time through a node of {@code members}; prints and returns each model-run's overhead. */
    private List<Long> measure(EmbeddedStack stack, Day day, String node, List<Member> members) throws Exception {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("LOCNESS_NODE", node);
        env.put("LOCNESS_ENSEMBLE", EnsembleFiles.write(dir, node, "0-33", members).toString());
        env.put("LOCNESS_STAGING_DIR", dir.resolve("staging-" + node).toString());
        env.put("LOCNESS_MODEL_CACHE_DIR", dir.resolve("models-" + node).toString());
        InferenceNodeConfig config = InferenceNodeConfig.fromEnvironment(env);
        List<ExpectedModel> expected = config.selectedModels().stream()
                .map(m -> new ExpectedModel(m.name(), NodeName.of(node), m.weight())).toList();

        Map<ModelName, List<Long>> overhead = new TreeMap<>();
        List<Long> inference = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        List<Long> fromMemory = new ArrayList<>();
        List<Long> ownRead = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (InferenceNodeService service = InferenceNodeService.start(config, registry);
                NodeTopics topics = new NodeTopics(stack.kafkaSettings());
                KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(
                        stack.kafkaSettings().consumer("bench-" + UUID.randomUUID()))) {
            String topic = Topic.INFERENCE_COMPLETED.topicName();
            List<TopicPartition> partitions = results.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            results.assign(partitions);
            results.seekToEnd(partitions);
            partitions.forEach(results::position);
            for (int i = 0; i < WARMUP_JOBS + JOBS; i++) {
                Job own = day.jobs().get(node).get(i);
                JobReady job = new JobReady(JobId.of(node.toUpperCase(Locale.ROOT) + "-" + i), own.symbol(), day.date(),
                        List.of(own.input()), day.context(), false, day.patterns(), expected, Instant.now());
                topics.publish(job);
                for (InferenceCompleted result : await(results, job.jobId(), expected.size())) {
                    if (result.status() != ModelStatus.SUCCEEDED) {
                        throw new AssertionError("job " + job.jobId() + " failed on " + result.model() + ": " + result.reason());
                    }
                    if (i >= WARMUP_JOBS) {
                        long nodeMillis = result.timings().totalMillis() - result.timings().inferenceMillis();
                        overhead.computeIfAbsent(result.model(), m -> new ArrayList<>()).add(nodeMillis);
                        // A job that read its own input left it in the staging directory (no sweeper runs here).
                        boolean downloaded = Files.exists(config.stagingDir().resolve(StagingFiles.input(job.jobId(),
                                job.symbol())));
                        (downloaded ? ownRead : fromMemory).add(nodeMillis);
                        inference.add(result.timings().inferenceMillis());
                        total.add(result.timings().totalMillis());
                    }
                }
            }
        }
        List<Long> all = overhead.values().stream().flatMap(List::stream).toList();
        System.out.printf(Locale.ROOT, "node overhead per job and model (total_ms - inference_ms), %d jobs x %d model(s)"
                + " in one process, %d CPU(s):%n", JOBS, expected.size(), Runtime.getRuntime().availableProcessors());
        overhead.forEach((model, values) -> System.out.printf(Locale.ROOT, "  %-24s median %4d ms  p90 %4d ms%n",
                model, percentile(values, 50), percentile(values, 90)));
        System.out.printf(Locale.ROOT, "  %-24s median %4d ms  p90 %4d ms%n", "all", percentile(all, 50), percentile(all, 90));
        System.out.printf(Locale.ROOT, "  forward pass median %d ms, total median %d ms%n", percentile(inference, 50),
                percentile(total, 50));
        System.out.printf(Locale.ROOT, "  bars from the day in memory: %d model-run(s), median %s ms;"
                + " own input read: %d, median %s ms%n", fromMemory.size(), median(fromMemory), ownRead.size(),
                median(ownRead));
        printDayRead(registry);
        return all;
    }

    /**
     * The node's read of the whole day (started by its first job, in the background), which the jobs after
     * it use instead of their own downloads; its cost per file is the share each job's input has of it.
     */
    private static void printDayRead(SimpleMeterRegistry registry) {
        Timer read = registry.find("locness.node.market.day.read").timer();
        Counter files = registry.find("locness.node.market.day.files").counter();
        Counter fromMemory = registry.find("locness.model.cache").tag("file", "market-day").tag("result", "hit").counter();
        if (read == null || files == null) {
            System.out.println("  no day of market data was read: every job read its own input");
            return;
        }
        System.out.printf(Locale.ROOT, "  day read: %d file(s) in %.0f ms in the background (%.1f ms a file);"
                + " %d model-run(s) took their bars from it%n", (long) files.count(), read.totalTime(TimeUnit.MILLISECONDS),
                read.totalTime(TimeUnit.MILLISECONDS) / files.count(), fromMemory == null ? 0 : (long) fromMemory.count());
    }

    private static List<InferenceCompleted> await(KafkaConsumer<String, byte[]> results, JobId job, int count) {
        List<InferenceCompleted> found = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (found.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + ": " + found.size() + " of " + count + " results within " + TIMEOUT);
            }
            results.poll(Duration.ofMillis(100)).forEach(record -> {
                if (job.value().equals(record.key())) {
                    found.add(COMPLETED.parse(record.value()));
                }
            });
        }
        return found;
    }

    private static String median(List<Long> values) {
        return values.isEmpty() ? "-" : Long.toString(percentile(values, 50));
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
