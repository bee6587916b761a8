package org.locness.inference.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.lake.parquet.DuckDb;

/** Values computed by hand for tiny fixtures written with DuckDB. */
class PromptInputsReaderTest {
    @TempDir
    Path dir;

    @Test
    void barStatisticsMatchHandComputedValues() throws Exception {
        Path bars = dir.resolve("bars.parquet");
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            // Four one-minute bars: open 100 → close 104; volumes 10, 10, 10, 30.
            exec(db, "COPY (SELECT * FROM (VALUES "
                    + "(TIMESTAMP '2026-11-27 10:00:00', 'BTC', 100.0, 101.0, 99.0, 101.0, 10),"
                    + "(TIMESTAMP '2026-11-27 10:01:00', 'BTC', 101.0, 103.0, 100.0, 102.0, 10),"
                    + "(TIMESTAMP '2026-11-27 10:02:00', 'BTC', 102.0, 103.0, 101.0, 103.0, 10),"
                    + "(TIMESTAMP '2026-11-27 10:03:00', 'BTC', 103.0, 105.0, 102.0, 104.0, 30),"
                    + "(TIMESTAMP '2026-11-27 10:03:00', 'ETH', 1.0, 1.0, 1.0, 1.0, 1))"
                    + " t(ts, symbol, open, high, low, close, volume)) TO " + DuckDb.literal(bars) + " (FORMAT PARQUET)");

            BarStatistics s = new PromptInputsReader(db).bars(List.of(bars), "BTC");

            assertEquals(4, s.bars());
            assertEquals(100.0, s.firstOpen());
            assertEquals(104.0, s.lastClose());
            assertEquals(0.04, s.dayReturn(), 1e-12);
            assertEquals(105.0, s.high());
            assertEquals(99.0, s.low());
            assertEquals((101 * 10 + 102 * 10 + 103 * 10 + 104 * 30) / 60.0, s.vwap(), 1e-9);
            double[] lr = {Math.log(102 / 101.0), Math.log(103 / 102.0), Math.log(104 / 103.0)};
            double mean = (lr[0] + lr[1] + lr[2]) / 3;
            double var = ((lr[0] - mean) * (lr[0] - mean) + (lr[1] - mean) * (lr[1] - mean)
                    + (lr[2] - mean) * (lr[2] - mean)) / 2;
            assertEquals(Math.sqrt(var), s.volatility(), 1e-12);
            // Under an hour of bars: the last hour is the whole day.
            assertEquals(1.0, s.lastHourVolumeRatio(), 1e-12);
            assertThrows(SQLException.class, () -> new PromptInputsReader(db).bars(List.of(bars), "NONE"));
        }
    }

    @Test
    void contextRowOfTheSymbolAndMarketColumns() throws Exception {
        Path context = dir.resolve("ctx.parquet");
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            exec(db, "COPY (SELECT * FROM (VALUES "
                    + "(DATE '2026-11-27', 'BTC', 100.0, 0.05, 1.5, 'up', 0.5, 0.01, 0.02),"
                    + "(DATE '2026-11-27', 'ETH', 10.0, -0.05, -0.5, 'down', 0.5, 0.01, 0.02))"
                    + " t(date, symbol, last_close, return_7d, volume_zscore, trend, market_breadth,"
                    + " market_mean_return, market_dispersion)) TO " + DuckDb.literal(context) + " (FORMAT PARQUET)");
            DailyContext parsed = new PromptInputsReader(db).dailyContext(context);
            assertEquals(2, parsed.rows().size());

            MarketContext eth = parsed.forSymbol("ETH", true);
            assertEquals("2026-11-27", eth.contextDate());
            assertTrue(eth.stale());
            assertEquals(10.0, eth.previousClose());
            assertEquals("down", eth.trend());
            assertEquals(0.5, eth.breadth());

            MarketContext unknown = parsed.forSymbol("SOL", false);
            assertTrue(unknown.present());
            assertFalse(Double.isFinite(unknown.previousClose()));
            assertEquals(0.02, unknown.dispersion());
        }
    }

    @Test
    void historyGroupsOneSignatureByDayNewestFirst() throws Exception {
        Path unified = dir.resolve("unified.parquet");
        String sig = "trend=up|vol=mid|volume=normal|gap=none";
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            exec(db, "COPY (SELECT * FROM (VALUES "
                    + "('" + sig + "', 'BTC', DATE '2026-11-25', 'm1', 'up', 0.6, 'J1'),"
                    + "('" + sig + "', 'BTC', DATE '2026-11-25', 'm2', 'down', 0.4, 'J1'),"
                    + "('" + sig + "', 'ETH', DATE '2026-11-26', 'm1', 'up', 0.8, 'J2'),"
                    + "('trend=down|vol=low|volume=dry|gap=none', 'BTC', DATE '2026-11-26', 'm1', 'flat', 0.9, 'J3'))"
                    + " t(signature, symbol, date, model, prediction, confidence, job_id)) TO "
                    + DuckDb.literal(unified) + " (FORMAT PARQUET)");

            UnifiedPatterns patterns = new PromptInputsReader(db).unifiedPatterns(unified);
            PatternHistory history = patterns.history(sig, 5);

            assertEquals(2, history.days().size());
            assertEquals(new PatternHistory.Day("2026-11-26", 1, 1, 0, 0, 0.8), history.days().get(0));
            PatternHistory.Day older = history.days().get(1);
            assertEquals(2, older.cases());
            assertEquals(0.5, older.shareUp());
            assertEquals(0.5, older.meanConfidence(), 1e-12);
            assertEquals(1, patterns.history(sig, 1).days().size());
            assertEquals(List.of(new PatternHistory.Day("2026-11-26", 1, 0, 0, 1, 0.9)),
                    patterns.history("trend=down|vol=low|volume=dry|gap=none", 5).days());
            assertEquals(new PatternOverview("2026-11-26", 2, 0.5, 0, 0.5), patterns.overview());
        }
    }

    @Test
    void aContextWithoutRowsIsAbsent() throws Exception {
        Path context = dir.resolve("empty.parquet");
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            exec(db, "COPY (SELECT DATE '2026-11-27' AS date, 'BTC' AS symbol, 1.0 AS last_close, 1.0 AS return_7d,"
                    + " 1.0 AS volume_zscore, 'up' AS trend, 1.0 AS market_breadth, 1.0 AS market_mean_return,"
                    + " 1.0 AS market_dispersion LIMIT 0) TO " + DuckDb.literal(context) + " (FORMAT PARQUET)");

            assertFalse(new PromptInputsReader(db).dailyContext(context).forSymbol("BTC", false).present());
        }
    }

    private static void exec(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
