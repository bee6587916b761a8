package org.locness.cli.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.demo.LocalPipeline;
import org.locness.cli.demo.ProgressWatcher;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.metrics.MeteredService;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedSymbols;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.EmbeddedStackTest;

/**
 * Debian's VictoriaMetrics scrapes every component's /metrics and node-exporter while jobs run;
 * Debian's vmalert evaluates the shipped rules (infra/k3s/base/config/alerts.yml, waiting times
 * shortened). One pipeline run: a healthy run first, in which the seed's queries and every
 * dashboard panel return data and no alert fires, then the faults, each of which fires its alert.
 */
@EmbeddedStackTest(temporal = true)
class ObservabilityIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    /** The stalled-job rule's deadline here: above a healthy job's ready-to-consensus time, far below the aggregator's. */
    private static final int STALL_SECONDS = 30;
    private static final String MORTAL_KEY = "kill-the-mortal-loop";
    /** The kubelet's cAdvisor, which cannot run here: these panels must parse but have nothing to return. */
    private static final Predicate<String> CADVISOR = expr -> expr.contains("container_memory_usage_bytes");

    @Test
    void alertsFireOnFaultsAndNotOnAHealthyRunAndEveryPanelHasData(EmbeddedStack stack, @TempDir Path dir) throws Exception {
        for (Path binary : List.of(VictoriaMetricsProcess.BINARY, VmAlertProcess.BINARY, NodeExporterProcess.BINARY)) {
            assumeTrue(Files.isExecutable(binary), binary + " is not installed (scripts/test.sh installs it)");
        }
        TradingDate today = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
        List<Symbol> symbols = SeedSymbols.wellKnown(3);
        SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(symbols, 8, today, 3, 240));
        Path rules = new TestRules()
                // "past 06:30" always holds, so the rule asks only whether a prep has completed today
                .replace("6 * 60 + 30", "0")
                .replace("[1d:1m]", "[1h:1s]")
                .replace("[1h] offset 15m", "[10m] offset " + STALL_SECONDS + "s")
                .replace("[75m]", "[10m" + STALL_SECONDS + "s]")
                .writeTo(Files.createDirectories(dir.resolve("vmalert")));
        Map<String, Duration> firedAfter = new LinkedHashMap<>();

        try (LocalPipeline pipeline = LocalPipeline.start(stack, new LocalPipeline.Options(dir.resolve("pipeline"),
                REPO.resolve("config/ensemble-demo.yaml"), List.of(NodeName.of("vm1"), NodeName.of("vm2")),
                Duration.ofMinutes(10)));
                NodeExporterProcess node = NodeExporterProcess.start(dir);
                MeteredService<AutoCloseable> mortal = mortalLoop(stack);
                VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(Files.createDirectories(dir.resolve("vm")),
                        targets(pipeline.metricsPorts(), node, mortal));
                VmAlertProcess vmalert = VmAlertProcess.start(dir.resolve("vmalert"), rules, vm);
                ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings());
                JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), Duration.ofSeconds(60))) {
            // No prep has run today yet.
            Instant start = Instant.now();
            awaitAlert(vmalert, alert -> alert.name().equals("LocnessDailyPrepMissed"));
            firedAfter.put("LocnessDailyPrepMissed (from vmalert's start, no prep yet)", Duration.between(start, Instant.now()));
            pipeline.dailyPrep().runNow(today);
            awaitNoAlerts(vmalert, "the prep ran");

            // The healthy run: no alert at any time.
            Set<String> healthyAlerts = new TreeSet<>();
            for (Symbol symbol : symbols) {
                watcher.track(submitter.submit(JobRequested.forSymbol(symbol)).orElseThrow());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!watcher.done()) {
                assertTrue(System.nanoTime() < deadline, "timed out waiting for consensus");
                watcher.poll(Duration.ofMillis(200));
                vmalert.alerts().forEach(alert -> healthyAlerts.add(alert.name() + alert.labels()));
            }
            // SLM inference time, as the seed's dashboard asks for it
            String p95 = awaitData(vm, "histogram_quantile(0.95, rate(slm_inference_duration_seconds_bucket[5m]))");
            assertTrue(VictoriaMetricsProcess.values(p95).stream().mapToDouble(Double::parseDouble)
                    .allMatch(v -> v > 0 && v < 60), p95);
            // Temporal job success rate: the daily prep's workflow completion
            awaitData(vm, "rate(temporal_workflow_completed_total{status=\"success\"}[5m])");
            // Locness job success rate: share of jobs with a complete consensus
            String success = awaitData(vm, "sum(rate(locness_consensus_published_total{status=\"complete\"}[5m]))"
                    + " / sum(rate(locness_consensus_published_total[5m]))");
            assertTrue(VictoriaMetricsProcess.values(success).contains("1"), success);
            everyPanelParsesAndHasData(vm);
            Instant consensusSeen = Instant.now();
            awaitEvaluatedAfter(vmalert, consensusSeen.plusSeconds(3));
            vmalert.alerts().forEach(alert -> healthyAlerts.add(alert.name() + alert.labels()));
            assertEquals(Set.of(), healthyAlerts, "alerts while the pipeline ran healthy");

            // A record no consumer can read: dead-lettered by the inference nodes.
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("alerts-it"))) {
                Instant sent = Instant.now();
                producer.send(new ProducerRecord<>(Topic.JOBS_READY.topicName(), "not-a-job",
                        "not json".getBytes(StandardCharsets.UTF_8))).get();
                awaitAlert(vmalert, alert -> alert.name().equals("LocnessDeadLetters"));
                firedAfter.put("LocnessDeadLetters (from the poison record)", Duration.between(sent, Instant.now()));
            }

            // A loop that stops for good (an Error in its handler): /health fails, its gauge goes to 0.
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("alerts-it"))) {
                Instant sent = Instant.now();
                producer.send(new ProducerRecord<>(Topic.JOBS_REQUESTED.topicName(), MORTAL_KEY,
                        "{}".getBytes(StandardCharsets.UTF_8))).get();
                awaitAlert(vmalert, alert -> alert.name().equals("LocnessLoopDown")
                        && "alerts-it-mortal".equals(alert.labels().get("loop")));
                firedAfter.put("LocnessLoopDown loop=alerts-it-mortal (from the record that kills it)",
                        Duration.between(sent, Instant.now()));
            }

            // One inference node gone: its /metrics stops answering.
            Instant stopped = Instant.now();
            pipeline.stopNode(NodeName.of("vm2"));
            awaitAlert(vmalert, alert -> alert.name().equals("LocnessTargetDown")
                    && "inference-vm2".equals(alert.labels().get("job")));
            firedAfter.put("LocnessTargetDown job=inference-vm2 (from the node's stop)", Duration.between(stopped, Instant.now()));

            // A job whose vm2 models never answer: the aggregator waits its 10 minutes, past the rule's deadline.
            JobId stalled = submitter.submit(JobRequested.forSymbol(symbols.get(0))).orElseThrow();
            Instant ready = Instant.now();
            watcher.track(stalled);
            awaitAlert(vmalert, alert -> alert.name().equals("LocnessJobStalled"));
            firedAfter.put("LocnessJobStalled (from the job's submission, rule deadline " + STALL_SECONDS + " s)",
                    Duration.between(ready, Instant.now()));
            watcher.poll(Duration.ofMillis(200));
            assertFalse(watcher.consensus().containsKey(stalled), "the stalled job has no consensus");
        } finally {
            firedAfter.forEach((alert, took) -> System.out.printf("alert fired: %s after %.1f s%n", alert, took.toMillis() / 1000.0));
        }
    }

    /**
     * A consumer loop of its own on jobs.requested, served on its own /metrics, that stops for good
     * (an {@link Error}, which no retry cures) on the record keyed {@link #MORTAL_KEY}.
     */
    private static MeteredService<AutoCloseable> mortalLoop(EmbeddedStack stack) throws Exception {
        return MeteredService.start(MetricsServer.newRegistry("alerts-it"), "127.0.0.1", 0, registry -> {
            KafkaProducer<String, byte[]> dlq = new KafkaProducer<>(stack.kafkaSettings().producer("alerts-it-mortal"));
            CommitAfterWorkLoop loop = new CommitAfterWorkLoop("alerts-it-mortal",
                    new KafkaConsumer<>(stack.kafkaSettings().consumer("alerts-it-mortal")),
                    List.of(Topic.JOBS_REQUESTED.topicName()), record -> {
                        if (MORTAL_KEY.equals(record.key())) {
                            throw new AssertionError("provoked: this loop stops for good");
                        }
                    }, new DeadLetterRouter(dlq), registry);
            loop.start();
            return () -> {
                loop.close();
                dlq.close();
            };
        });
    }

    private static Map<String, String> targets(Map<String, Integer> ports, NodeExporterProcess node,
            MeteredService<?> mortal) {
        Map<String, String> targets = new LinkedHashMap<>();
        ports.forEach((name, port) -> targets.put(name, "127.0.0.1:" + port));
        targets.put("node-exporter", node.target());
        targets.put("alerts-it", "127.0.0.1:" + mortal.metricsPort());
        return targets;
    }

    /**
     * Every panel's query parses; each returns data, but for the kubelet's cAdvisor (not here) and
     * consumer lag while the components do not export it yet.
     */
    private static void everyPanelParsesAndHasData(VictoriaMetricsProcess vm) throws Exception {
        List<Dashboard.Query> queries = Dashboard.queries();
        assertTrue(queries.size() >= 12, queries.toString());
        boolean lagExported = !VictoriaMetricsProcess.values(vm.query("count(locness_consumer_lag)")).isEmpty();
        for (Dashboard.Query query : queries) {
            assertEquals("victoriametrics", query.datasourceUid(), query.panel());
            if (CADVISOR.test(query.expr()) || (!lagExported && query.expr().contains("locness_consumer_lag"))) {
                String body = vm.query(query.expr());
                assertTrue(body.contains("\"status\":\"success\""), query + ": " + body);
                System.out.println("panel without data here: " + query.panel() + ": " + query.expr());
            } else {
                awaitData(vm, query.expr());
            }
        }
    }

    private static String awaitData(VictoriaMetricsProcess vm, String promql) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = vm.query(promql);
            assertTrue(body.contains("\"status\":\"success\""), promql + ": " + body);
            if (!VictoriaMetricsProcess.values(body).isEmpty()
                    && VictoriaMetricsProcess.values(body).stream().noneMatch(v -> v.equals("NaN"))) {
                return body;
            }
            Thread.sleep(500);
        }
        return fail("no data for " + promql + ": " + body);
    }

    private static void awaitAlert(VmAlertProcess vmalert, Predicate<VmAlertProcess.Alert> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<VmAlertProcess.Alert> alerts = List.of();
        while (System.nanoTime() < deadline) {
            vmalert.lastEvaluations();
            alerts = vmalert.alerts();
            if (alerts.stream().anyMatch(alert -> alert.state().equals("firing") && wanted.test(alert))) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the alert did not fire; active: " + alerts);
    }

    private static void awaitNoAlerts(VmAlertProcess vmalert, String after) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        List<VmAlertProcess.Alert> alerts = vmalert.alerts();
        while (!alerts.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "alerts still active after " + after + ": " + alerts);
            Thread.sleep(200);
            alerts = vmalert.alerts();
        }
    }

    /** Waits until every rule has been evaluated after {@code instant}, and none failed. */
    private static void awaitEvaluatedAfter(VmAlertProcess vmalert, Instant instant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!vmalert.lastEvaluations().values().stream().allMatch(evaluated -> evaluated.isAfter(instant))) {
            assertTrue(System.nanoTime() < deadline, "vmalert did not evaluate every rule after " + instant);
            Thread.sleep(200);
        }
    }
}
