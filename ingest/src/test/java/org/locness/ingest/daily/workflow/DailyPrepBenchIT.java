package org.locness.ingest.daily.workflow;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.TradingDate;
import org.locness.events.metrics.MetricsServer;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedReport;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.EmbeddedStackTest;

/**
 * The prep on 100 symbols x 7 days x 1,440 one-minute bars (1,008,000 rows in each window) through the
 * whole path: worker over gRPC, lake downloads, DuckDB, upload, event. Two figures, each counting the
 * window's rows over the run's wall time:
 *
 * <ul>
 *   <li>{@code prep_rows_per_s_cold}: a worker's first prep, which downloads and reads all 700 files;</li>
 *   <li>{@code prep_rows_per_s}: the daily run, median of three consecutive days after it, each reading
 *       the 100 files of the day that has just ended and taking the other six days from the summaries
 *       the worker kept.</li>
 * </ul>
 *
 * Prints the context's MD5 (the same inputs must give the same bytes whichever way they are read) and
 * the steps' times; asserts nothing about time.
 * {@code mvn -Pbench -pl ingest verify -Dit.test=DailyPrepBenchIT}
 */
@Tag("bench")
@EmbeddedStackTest(temporal = true)
class DailyPrepBenchIT {
    private static final TradingDate FIRST = TradingDate.of("2026-11-27");
    private static final int DAILY_RUNS = 3;
    private static final List<String> STEPS = List.of("fetch", "compute", "write", "publish");
    private static final long WINDOW_ROWS = 100L * PrepWindow.MARKET_DAYS * SeedPlan.MINUTES_PER_DAY;

    @Test
    void prepOfAHundredSymbolsOverSevenDays(EmbeddedStack stack, @TempDir Path dir) {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
        SeedReport seeded = SyntheticMarketData.seed(lake, dir.resolve("seed"),
                SeedPlan.numbered(100, PrepWindow.MARKET_DAYS + DAILY_RUNS, FIRST.plusDays(DAILY_RUNS - 1), 20261127));
        print("seed: %d bars, %d objects, %.1f MB in %.2f s = %.0f bars/s", seeded.bars(), seeded.objectsWritten(),
                seeded.bytes() / 1e6, seconds(seeded.elapsed()), seeded.barsPerSecond());

        PrometheusMeterRegistry registry = MetricsServer.newRegistry("daily-prep");
        DailyPrepConfig config = new DailyPrepConfig(stack.temporalTarget().orElseThrow(), "default", "daily-prep-bench",
                ZoneId.of("UTC"), dir.resolve("work"), stack.kafkaSettings(),
                LakeSettings.fromEnvironment(stack.environment()), Duration.ofSeconds(10), 0,
                DailyPrepConfig.defaultFetchConcurrency(), SummaryCache.DEFAULT_CAPACITY);
        try (DailyPrepService service = new DailyPrepService(config, registry)) {
            service.startWorker();
            double cold = run(service, lake, registry, FIRST, "first prep on this worker (cold)");
            List<Double> daily = new ArrayList<>();
            for (int day = 1; day <= DAILY_RUNS; day++) {
                daily.add(run(service, lake, registry, FIRST.plusDays(day), "next day's prep (daily)"));
            }
            run(service, lake, registry, FIRST.plusDays(DAILY_RUNS), "re-run (unchanged)");
            Collections.sort(daily);
            System.out.println(String.format(Locale.ROOT, "BENCH prep_rows_per_s_cold %.0f rows/s", cold));
            System.out.println(String.format(Locale.ROOT, "BENCH prep_rows_per_s %.0f rows/s", daily.get(daily.size() / 2)));
        }
    }

    /** Runs the prep of {@code date} now, prints its steps' times and returns the window's rows per second of wall time. */
    private static double run(DailyPrepService service, Lake lake, MeterRegistry registry, TradingDate date, String what) {
        Map<String, Double> before = stepSeconds(registry);
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        DailyPrepResult result = service.runNow(date);
        double wall = (System.nanoTime() - started) / 1e9;
        double cpu = (processCpuNanos() - cpuBefore) / 1e9;
        Map<String, Double> after = stepSeconds(registry);
        print("%s %s: %d context rows, uploaded=%s, %d bytes, MD5 %s, skipped %d; wall %.2f s = %.0f window rows/s",
                what, date, result.rows(), result.uploaded(), result.bytes(), lake.stat(result.key()).orElseThrow().eTag(),
                result.skipped().size(), wall, WINDOW_ROWS / wall);
        StringBuilder steps = new StringBuilder();
        double inSteps = 0;
        for (String step : STEPS) {
            double seconds = after.get(step) - before.get(step);
            inSteps += seconds;
            steps.append(String.format(Locale.ROOT, "%s %.3f s, ", step, seconds));
        }
        print("  %sworkflow and Temporal %.3f s; the process (worker, s3proxy, Temporal, Kafka) used %.2f s of CPU,"
                + " %.1f of the %d CPUs", steps, wall - inSteps, cpu, cpu / wall, Runtime.getRuntime().availableProcessors());
        return WINDOW_ROWS / wall;
    }

    private static Map<String, Double> stepSeconds(MeterRegistry registry) {
        Map<String, Double> seconds = new HashMap<>();
        for (String step : STEPS) {
            Timer timer = registry.find("locness.daily.prep.step").tag("step", step).timer();
            seconds.put(step, timer == null ? 0.0 : timer.totalTime(TimeUnit.SECONDS));
        }
        return seconds;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void print(String format, Object... args) {
        System.out.println("[bench daily-prep] " + String.format(Locale.ROOT, format, args));
    }
}
