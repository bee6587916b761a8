package org.locness.ingest.daily.workflow;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.TradingDate;
import org.locness.events.metrics.MetricsServer;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedReport;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.EmbeddedStackTest;

/**
 * The prep on 100 symbols x 7 days x 1,440 one-minute bars (1,008,000 rows) through the whole path:
 * worker over gRPC, lake downloads, DuckDB, upload, event. Prints figures, the context's MD5 (the same
 * inputs must give the same bytes) and {@code BENCH prep_rows_per_s} (median of the runs); asserts nothing
 * about time.
 * {@code mvn -Pbench -pl ingest verify -Dit.test=DailyPrepBenchIT}
 */
@Tag("bench")
@EmbeddedStackTest(temporal = true)
class DailyPrepBenchIT {
    private static final TradingDate DATE = TradingDate.of("2026-11-27");

    @Test
    void prepOfAHundredSymbolsOverSevenDays(EmbeddedStack stack, @TempDir Path dir) {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
        SeedReport seeded = SyntheticMarketData.seed(lake, dir.resolve("seed"),
                SeedPlan.numbered(100, 7, DATE.minusDays(1), 20261127));
        print("seed: %d bars, %d objects, %.1f MB in %.2f s = %.0f bars/s", seeded.bars(), seeded.objectsWritten(),
                seeded.bytes() / 1e6, seconds(seeded.elapsed()), seeded.barsPerSecond());

        PrometheusMeterRegistry registry = MetricsServer.newRegistry("daily-prep");
        DailyPrepConfig config = new DailyPrepConfig(stack.temporalTarget().orElseThrow(), "default", "daily-prep-bench",
                ZoneId.of("UTC"), dir.resolve("work"), stack.kafkaSettings(),
                LakeSettings.fromEnvironment(stack.environment()), Duration.ofSeconds(10), 0,
                DailyPrepConfig.DEFAULT_FETCH_CONCURRENCY);
        try (DailyPrepService service = new DailyPrepService(config, registry)) {
            service.startWorker();
            List<Double> rowsPerSecond = new ArrayList<>();
            for (String run : List.of("first run", "re-run (unchanged)", "re-run (unchanged)")) {
                long started = System.nanoTime();
                DailyPrepResult result = service.runNow(DATE);
                Duration wall = Duration.ofNanos(System.nanoTime() - started);
                long rowsRead = (long) registry.get("locness.daily.prep.rows.read").counter().count();
                rowsPerSecond.add(seeded.bars() / seconds(wall));
                print("%s: %d context rows, uploaded=%s, %d bytes, MD5 %s, skipped %d; wall %.2f s = %.0f input rows/s",
                        run, result.rows(), result.uploaded(), result.bytes(), lake.stat(result.key()).orElseThrow().eTag(),
                        result.skipped().size(), seconds(wall), seeded.bars() / seconds(wall));
                print("  bars read so far (counter): %d", rowsRead);
            }
            for (String step : List.of("fetch", "compute", "write", "publish")) {
                Timer timer = registry.get("locness.daily.prep.step").tag("step", step).timer();
                print("  step %-8s %d calls, mean %.3f s, max %.3f s", step, timer.count(),
                        timer.mean(TimeUnit.SECONDS), timer.max(TimeUnit.SECONDS));
            }
            Collections.sort(rowsPerSecond);
            System.out.println(String.format(Locale.ROOT, "BENCH prep_rows_per_s %.0f rows/s",
                    rowsPerSecond.get(rowsPerSecond.size() / 2)));
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void print(String format, Object... args) {
        System.out.println("[bench daily-prep] " + String.format(Locale.ROOT, format, args));
    }
}
