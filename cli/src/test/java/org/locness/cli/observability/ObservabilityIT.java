package org.locness.cli.observability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.demo.LocalPipeline;
import org.locness.cli.demo.ProgressWatcher;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedSymbols;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.EmbeddedStackTest;

/**
 * Debian's VictoriaMetrics scrapes every component's /metrics while jobs run, and the seed's
 * monitoring queries come back with data.
 */
@EmbeddedStackTest(temporal = true)
class ObservabilityIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void theSeedsQueriesReturnDataFromTheRunningComponents(EmbeddedStack stack, @TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(VictoriaMetricsProcess.BINARY),
                "Debian's victoria-metrics is not installed (scripts/test.sh installs it)");
        TradingDate today = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
        List<Symbol> symbols = SeedSymbols.wellKnown(3);
        SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(symbols, 8, today, 3, 240));

        try (LocalPipeline pipeline = LocalPipeline.start(stack, new LocalPipeline.Options(dir.resolve("pipeline"),
                REPO.resolve("config/ensemble-demo.yaml"), List.of(NodeName.of("vm1"), NodeName.of("vm2")),
                Duration.ofMinutes(5)));
                VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(Files.createDirectories(dir.resolve("vm")),
                        targets(pipeline.metricsPorts()));
                ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings())) {
            pipeline.dailyPrep().runNow(today);
            try (JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), Duration.ofSeconds(60))) {
                for (Symbol symbol : symbols) {
                    JobId job = submitter.submit(JobRequested.forSymbol(symbol)).orElseThrow();
                    watcher.track(job);
                }
            }
            await(() -> {
                watcher.poll(Duration.ofMillis(200));
                return watcher.done();
            }, "consensus");

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
        }
    }

    private static Map<String, String> targets(Map<String, Integer> ports) {
        Map<String, String> targets = new LinkedHashMap<>();
        ports.forEach((name, port) -> targets.put(name, "127.0.0.1:" + port));
        return targets;
    }

    private static String awaitData(VictoriaMetricsProcess vm, String promql) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = vm.query(promql);
            if (!VictoriaMetricsProcess.values(body).isEmpty()
                    && VictoriaMetricsProcess.values(body).stream().noneMatch(v -> v.equals("NaN"))) {
                return body;
            }
            Thread.sleep(500);
        }
        return fail("no data for " + promql + ": " + body);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
        }
    }
}
