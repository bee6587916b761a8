package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goal on the held-out seed: 20 days x 10 symbols, printing the adaptive, static, best
 * and median model Brier scores and the run's seconds as BENCH lines. Never fails on the figures.
 * {@code mvn -Pbench verify -pl cli -am -Dit.test=BacktestBenchIT}, or {@code ./locness backtest --days 20 --symbols 10 --bench}.
 */
@Tag("bench")
class BacktestBenchIT {

    @Test
    void twentyDaysOfTenSymbols(@TempDir Path dir) {
        String stdout = BacktestCommandIT.run("backtest", "--days", "20", "--symbols", "10", "--bench",
                "--out", dir.resolve("out").toString(), "--data-dir", dir.resolve("data").toString(),
                "--ensemble", BacktestCommandIT.DEMO_ENSEMBLE.toString(), "--verbose");

        assertTrue(stdout.contains("BENCH backtest_seconds"), stdout);
    }
}
