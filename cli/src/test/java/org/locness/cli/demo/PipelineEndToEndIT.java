package org.locness.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.Locness;
import org.locness.cli.status.JobTracer;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.lake.LakeKeys;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import picocli.CommandLine;

/** N jobs through Kafka give N consensus records, with every artefact where the contract puts it. */
@EmbeddedStackTest(temporal = true)
class PipelineEndToEndIT {

    @Test
    void jobsSubmittedThroughKafkaEachGetAConsensusAndLeaveNoIntermediates(EmbeddedStack stack, @TempDir Path dir)
            throws Exception {
        // Given a seeded lake, the day's context and the whole pipeline
        List<Symbol> symbols = PipelineFixture.seed(stack, dir.resolve("seed"), 4);
        Path data = dir.resolve("pipeline");
        Map<JobId, ConsensusPrediction> consensus;
        try (LocalPipeline pipeline = PipelineFixture.start(stack, data, Duration.ofMinutes(5));
                ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings())) {
            pipeline.dailyPrep().runNow(PipelineFixture.TODAY);

            // When one job per symbol is submitted through Kafka
            List<JobId> jobs = PipelineFixture.submit(stack, symbols);
            consensus = PipelineFixture.awaitConsensus(watcher, jobs, Duration.ofMinutes(3));

            // Then every job has a complete consensus from all six models
            assertEquals(symbols.size(), consensus.size());
            for (ConsensusPrediction c : consensus.values()) {
                assertEquals(ConsensusStatus.COMPLETE, c.status(), c.toString());
                assertEquals(6, c.modelsUsed().size());
                assertTrue(c.modelsMissing().isEmpty());
                assertEquals(1.0, c.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
            }
            JobId first = jobs.get(0);
            String trace = new JobTracer(stack.kafkaSettings()).trace(first).render();
            assertTrue(trace.contains("consensus published (COMPLETE)"), trace);
            assertTrue(trace.contains("requested: jobs.requested/"), trace);
            assertTrue(trace.lines().filter(l -> l.contains(" vm1 ") || l.contains(" vm2 "))
                    .filter(l -> l.contains("ms inference") && l.contains("staged ")).count() == 6, trace);
            assertOperatorCommands(stack);
            Await.until("unified patterns", Duration.ofSeconds(60),
                    () -> unifiedPatternsExist(PipelineFixture.lake(stack)));
            // One gold file per job: the symbols' and the operator's cli-1.
            Await.until("gold files", Duration.ofSeconds(60),
                    () -> goldFiles(PipelineFixture.lake(stack)) == symbols.size() + 1);
        }

        // And the lake holds archived inputs, staged results, gold files and unified patterns
        Lake lake = PipelineFixture.lake(stack);
        for (Symbol symbol : symbols) {
            assertFalse(lake.list(LakeKeys.dailyArchivedPrefix(PipelineFixture.TODAY, symbol)).isEmpty(), symbol.value());
            assertTrue(lake.list(LakeKeys.preSweptPrefix(symbol)).isEmpty(), "pre-swept left for " + symbol);
        }
        for (JobId job : consensus.keySet()) {
            assertEquals(6, lake.list(LakeKeys.stagedResultsPrefix(job)).size());
            assertEquals(6, lake.list(LakeKeys.stagedPatternsPrefix(job)).size());
        }
        assertEquals(symbols.size() + 1, goldFiles(lake));
        assertTrue(unifiedPatternsExist(lake));

        // And the staging directories hold no model outputs, and every DLQ is empty but for the one
        // request the operator test sent with an unknown model
        for (String node : List.of("vm1", "vm2")) {
            try (Stream<Path> files = Files.list(data.resolve(node).resolve("local"))) {
                List<String> left = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("output_") || n.startsWith("patterns_new_")).toList();
                assertTrue(left.isEmpty(), node + " kept " + left);
            }
        }
        assertDlqsEmpty(stack, 1);
    }

    /** What an operator types: submit --wait, status, and the two ways a submission is refused. */
    private static void assertOperatorCommands(EmbeddedStack stack) {
        String bootstrap = stack.kafkaBootstrap();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Locness.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        assertEquals(0, cli.execute("submit", "BTC", "--job-id", "cli-1", "--wait", "--timeout", "PT2M",
                "--kafka-bootstrap", bootstrap), err.toString());
        assertTrue(out.toString().contains("accepted cli-1"), out.toString());
        assertTrue(out.toString().contains("cli-1 BTC " + PipelineFixture.TODAY + ": COMPLETE"), out.toString());

        assertEquals(0, cli.execute("status", "cli-1", "--kafka-bootstrap", bootstrap), err.toString());
        assertTrue(out.toString().contains("consensus published (COMPLETE)"), out.toString());
        assertEquals(3, cli.execute("status", "never-submitted", "--kafka-bootstrap", bootstrap));

        assertEquals(Locness.CONFIG_ERROR, cli.execute("submit", "btc", "--kafka-bootstrap", bootstrap));
        assertTrue(err.toString().contains("symbol: 'btc' is not a symbol"), err.toString());
        assertEquals(2, cli.execute("submit", "ETH", "--models", "nope-7b", "--kafka-bootstrap", bootstrap));
        assertTrue(err.toString().contains("rejected: "), err.toString());
    }

    private static long goldFiles(Lake lake) {
        return lake.list(LakeKeys.GOLD_PREDICTIONS).stream().filter(o -> o.key().value().endsWith(".parquet")).count();
    }

    private static boolean unifiedPatternsExist(Lake lake) {
        return lake.exists(LakeKeys.unifiedPatterns(PipelineFixture.TODAY));
    }

    /** Counts committed records, not offsets: transaction markers take offsets in a transactional DLQ. */
    private static void assertDlqsEmpty(EmbeddedStack stack, long deliberateRejections) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.kafkaSettings().consumer("e2e-dlq-check"))) {
            for (Topic topic : Topic.values()) {
                TopicPartition dlq = new TopicPartition(topic.dlqName(), 0);
                consumer.assign(List.of(dlq));
                consumer.seekToBeginning(List.of(dlq));
                long end = consumer.endOffsets(List.of(dlq)).get(dlq);
                List<String> dead = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (consumer.position(dlq) < end && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).records(dlq).forEach(r -> dead.add(
                            new String(r.value(), StandardCharsets.UTF_8) + " "
                                    + new String(r.headers().lastHeader("dlq_reason").value(), StandardCharsets.UTF_8)));
                }
                long allowed = topic == Topic.JOBS_REQUESTED ? deliberateRejections : 0;
                assertEquals(allowed, dead.size(), topic.dlqName() + " holds " + dead);
            }
        }
    }
}
