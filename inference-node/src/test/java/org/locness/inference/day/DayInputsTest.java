package org.locness.inference.day;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.inference.node.LakeFiles;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.DailyContext;
import org.locness.lake.parquet.DuckDb;

/** A day's files read once per node, what a new version does to them, and the bounds. */
class DayInputsTest {
    private static final TradingDate DATE = TradingDate.of("2026-11-27");
    private static final Symbol BTC = Symbol.of("BTC");

    @TempDir
    Path dir;

    @Test
    void aVersionIsReadOnceForEveryModel() throws Exception {
        DayInputs day = new DayInputs();
        Path version = context("daily_context_2026-11-27.1-0a1b2c3d.parquet", 99);
        try (Connection model1 = DuckDb.open(dir.resolve("work")); Connection model2 = DuckDb.open(dir.resolve("work"))) {
            DailyContext first = day.context(model1, version);
            Files.delete(version);

            assertSame(first, day.context(model2, version));
            assertEquals(99.0, first.forSymbol("BTC", false).previousClose());
        }
    }

    @Test
    void aRefreshedVersionReplacesTheOld() throws Exception {
        DayInputs day = new DayInputs();
        Path old = context("daily_context_2026-11-27.1-0a1b2c3d.parquet", 99);
        Path refreshed = context("daily_context_2026-11-27.2-4e5f6a7b.parquet", 101);
        Path otherDay = context("daily_context_2026-11-26.1-0a1b2c3d.parquet", 98);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            day.context(db, old);
            day.context(db, otherDay);

            day.superseded(refreshed);

            assertEquals(1, day.parsedVersions(), "the other day's context stays, the superseded one goes");
            assertEquals(101.0, day.context(db, refreshed).forSymbol("BTC", false).previousClose());
            assertEquals(98.0, day.context(db, otherDay).forSymbol("BTC", false).previousClose());
            assertEquals(2, day.parsedVersions());
        }
    }

    @Test
    void parsedVersionsAreBounded() throws Exception {
        DayInputs day = new DayInputs(2, 2);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            for (int n = 1; n <= 3; n++) {
                day.context(db, context("daily_context_2026-11-2" + n + ".1-0a1b2c3d.parquet", 100 + n));
            }

            assertEquals(2, day.parsedVersions());
        }
    }

    @Test
    void barsAreSharedPerInputAndAMissingSymbolIsNotKept() throws Exception {
        DayInputs day = new DayInputs();
        Path input = LakeFiles.bars(dir.resolve("input_J1_BTC.parquet"), dir.resolve("work"), BTC, DATE, 0, 120, 0.01);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            BarStatistics stats = day.bars(db, input, "BTC");

            assertSame(stats, day.bars(db, input, "BTC"));
            assertEquals(120, stats.bars());
            assertThrows(SQLException.class, () -> day.bars(db, input, "ETH"));
            LakeFiles.bars(dir.resolve("eth.parquet"), dir.resolve("work"), Symbol.of("ETH"), DATE, 0, 10, 0.01);
            assertThrows(SQLException.class, () -> day.bars(db, input, "ETH"), "still none: the failure was not kept");
        }
    }

    private Path context(String name, double lastClose) throws Exception {
        return LakeFiles.context(dir.resolve(name), dir.resolve("work"), DATE, BTC, lastClose);
    }
}
