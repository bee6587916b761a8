package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.lake.seed.Bar;
import org.locness.lake.seed.BarGenerator;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SymbolDay;

/**
 * The context's bytes on a synthetic week, pinned: the MD5s were taken from the calculator as it
 * was before its loading was reworked for speed (commit 73eb265), so a change to how bars are
 * loaded or aggregated that moves a single bit of the output fails here.
 */
class ContextCalculatorGoldenTest {
    private static final TradingDate DATE = TradingDate.of("2026-11-27");
    private static final SeedPlan PLAN = SeedPlan.numbered(12, 7, DATE.minusDays(1), 20261127);
    private static final String WEEK_MD5 = "e390094bdd856ac8c7013bf054d7d9cc";
    private static final String WEEK_WITH_A_FOREIGN_FILE_MD5 = "05eb724e2435e0c7ff060d8f914b1ad9";
    /** Pinned when the market-wide sums were put in symbol order (the two above did not move). */
    private static final String HUNDRED_SYMBOLS_MD5 = "acd1df8c4ef59c500cfed3ee65a712aa";

    @TempDir
    Path dir;

    @Test
    void aSyntheticWeekGivesThePinnedBytes() throws Exception {
        ComputedContext computed = new ContextCalculator().compute(week(new BarFixture(dir)), dir.resolve("run"));

        assertEquals(12, computed.rows());
        assertEquals(List.of("market-data/SYM004/2026-11-23.parquet (2 invalid rows dropped)"), computed.skipped());
        assertEquals(WEEK_MD5, computed.md5());
    }

    /** A file that is not bars sends the calculator down the file-by-file load; the bytes of the rest stay pinned. */
    @Test
    void theFileByFileLoadGivesThePinnedBytesToo() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        week(fixture);
        fixture.writeOtherTable("SYM099", "2026-11-25");
        LocalInputs inputs = new LocalInputs(PrepWindow.standard(DATE), fixture.files(), List.of(), List.of(), 0, 0);

        ComputedContext computed = new ContextCalculator().compute(inputs, dir.resolve("run"));

        assertEquals(List.of("market-data/SYM004/2026-11-23.parquet (2 invalid rows dropped)",
                "market-data/SYM099/ (no usable bars)",
                "market-data/SYM099/2026-11-25.parquet (not market bars: missing columns)"), computed.skipped());
        assertEquals(WEEK_WITH_A_FOREIGN_FILE_MD5, computed.md5());
    }

    /**
     * A daily run: yesterday's prep read the first six days, today's reads only the newest day and takes
     * the rest from the summaries it kept; the bytes stay pinned, as they do for a re-run that reads nothing
     * (its summaries in another order), and a file that cannot be read is never kept.
     */
    @Test
    void theWeekFromYesterdaysSummariesGivesThePinnedBytesToo() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        List<MarketFile> week = week(fixture).market().stream()
                .map(f -> new MarketFile(f.symbol(), f.day(), f.key(), f.path(), "v1")).toList();
        MarketFile foreign = fixture.writeOtherTable("SYM099", "2026-11-25");
        TradingDate newest = DATE.minusDays(1);
        List<MarketFile> earlier = new ArrayList<>(week.stream().filter(f -> !f.day().equals(newest)).toList());
        earlier.add(new MarketFile(foreign.symbol(), foreign.day(), foreign.key(), foreign.path(), "v1"));
        SummaryCache summaries = new SummaryCache(1000);
        ContextCalculator calculator = new ContextCalculator(summaries);
        calculator.compute(new LocalInputs(PrepWindow.standard(newest), earlier, List.of(), List.of(), 0, 0),
                dir.resolve("yesterday"));

        assertEquals(week.size() - 12, summaries.size(), "every readable file of the six days, the foreign one not");
        List<DaySummary> kept = week.stream().filter(f -> !f.day().equals(newest))
                .map(f -> summaries.get(f.key(), "v1").orElseThrow()).toList();
        List<MarketFile> today = week.stream().filter(f -> f.day().equals(newest)).toList();
        ComputedContext computed = calculator.compute(new LocalInputs(PrepWindow.standard(DATE), today, List.of(),
                List.of(), 0, 0, kept), dir.resolve("today"));

        assertEquals(List.of("market-data/SYM004/2026-11-23.parquet (2 invalid rows dropped)"), computed.skipped());
        assertEquals(1440L * 12 * 7 - 1440 - 2, computed.rowsRead());
        assertEquals(WEEK_MD5, computed.md5());

        List<DaySummary> all = new ArrayList<>(week.stream().map(f -> summaries.get(f.key(), "v1").orElseThrow()).toList());
        Collections.reverse(all);
        ComputedContext rerun = calculator.compute(new LocalInputs(PrepWindow.standard(DATE), List.of(), List.of(),
                List.of(), 0, 0, all), dir.resolve("rerun"));
        assertEquals(WEEK_MD5, rerun.md5());
    }

    /**
     * At a hundred symbols the market-wide sums once saw the symbols in the order a join happened to
     * pass them on, which differed between a window read whole and one read from summaries; now the
     * three ways give one set of bytes, read by one DuckDB or by several at once.
     */
    @Test
    void aHundredSymbolsGiveOneSetOfBytesHoweverTheWeekIsRead() throws Exception {
        SeedPlan plan = SeedPlan.numbered(100, 7, DATE.minusDays(1), 20261127);
        BarFixture fixture = new BarFixture(dir);
        for (var symbol : plan.symbols()) {
            for (SymbolDay day : BarGenerator.generate(symbol, plan)) {
                fixture.write(symbol.value(), day.date().value(), day.bars());
            }
        }
        List<MarketFile> week = fixture.files().stream()
                .map(f -> new MarketFile(f.symbol(), f.day(), f.key(), f.path(), "v1")).toList();

        assertOneSetOfBytes(week, PrepDuckDb.perUse(), dir.resolve("per-use"));
        // The same on connections to the one DuckDB a worker keeps, which runs the reading parts side by side.
        try (PrepDuckDb duckdb = PrepDuckDb.kept(dir.resolve("worker"))) {
            assertOneSetOfBytes(week, duckdb, dir.resolve("kept"));
        }
    }

    /**
     * A worker computes on connections to one DuckDB it keeps: run after run, read in one scan, file by
     * file and from summaries, the bytes stay pinned; nothing a compute creates is left for the next.
     */
    @Test
    void aKeptDuckDbGivesThePinnedBytesRunAfterRun() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        LocalInputs week = week(fixture);
        List<MarketFile> versioned = week.market().stream()
                .map(f -> new MarketFile(f.symbol(), f.day(), f.key(), f.path(), "v1")).toList();
        try (PrepDuckDb duckdb = PrepDuckDb.kept(dir.resolve("worker"))) {
            SummaryCache summaries = new SummaryCache(1000);
            ContextCalculator calculator = new ContextCalculator(summaries, duckdb, 2);

            assertEquals(WEEK_MD5, calculator.compute(week, dir.resolve("run-1")).md5());
            assertEquals(WEEK_MD5, calculator.compute(week, dir.resolve("run-2")).md5());
            fixture.writeOtherTable("SYM099", "2026-11-25");
            LocalInputs withForeign = new LocalInputs(PrepWindow.standard(DATE), fixture.files(), List.of(), List.of(), 0, 0);
            assertEquals(WEEK_WITH_A_FOREIGN_FILE_MD5, calculator.compute(withForeign, dir.resolve("run-3")).md5());
            assertEquals(WEEK_WITH_A_FOREIGN_FILE_MD5, calculator.compute(withForeign, dir.resolve("run-4")).md5());
            calculator.compute(new LocalInputs(PrepWindow.standard(DATE), versioned, List.of(), List.of(), 0, 0),
                    dir.resolve("run-5"));
            List<DaySummary> kept = versioned.stream().map(f -> summaries.get(f.key(), "v1").orElseThrow()).toList();
            assertEquals(WEEK_MD5, calculator.compute(new LocalInputs(PrepWindow.standard(DATE), List.of(), List.of(),
                    List.of(), 0, 0, kept), dir.resolve("run-6")).md5());
        }
    }

    /** The week's bytes read whole, daily (six days from summaries) and from summaries alone, in {@code runs}. */
    private static void assertOneSetOfBytes(List<MarketFile> week, PrepDuckDb duckdb, Path runs) {
        TradingDate newest = DATE.minusDays(1);
        SummaryCache summaries = new SummaryCache(1000);
        ContextCalculator calculator = new ContextCalculator(summaries, duckdb, 3);

        ComputedContext whole = new ContextCalculator(new SummaryCache(0), duckdb, 1).compute(new LocalInputs(PrepWindow.standard(DATE), week,
                List.of(), List.of(), 0, 0), runs.resolve("whole"));
        calculator.compute(new LocalInputs(PrepWindow.standard(newest), week.stream().filter(f -> !f.day().equals(newest))
                .toList(), List.of(), List.of(), 0, 0), runs.resolve("yesterday"));
        ComputedContext daily = calculator.compute(new LocalInputs(PrepWindow.standard(DATE), week.stream()
                .filter(f -> f.day().equals(newest)).toList(), List.of(), List.of(), 0, 0, summarized(summaries, week, newest)),
                runs.resolve("daily"));
        ComputedContext fromSummaries = calculator.compute(new LocalInputs(PrepWindow.standard(DATE), List.of(),
                List.of(), List.of(), 0, 0, summarized(summaries, week, null)), runs.resolve("summaries"));

        assertEquals(HUNDRED_SYMBOLS_MD5, whole.md5());
        assertEquals(HUNDRED_SYMBOLS_MD5, daily.md5());
        assertEquals(HUNDRED_SYMBOLS_MD5, fromSummaries.md5());
    }

    /** The kept summaries of {@code week}'s files, less those of {@code except}. */
    private static List<DaySummary> summarized(SummaryCache summaries, List<MarketFile> week, TradingDate except) {
        return week.stream().filter(f -> !f.day().equals(except)).map(f -> summaries.get(f.key(), "v1").orElseThrow())
                .toList();
    }

    /** 12 symbols x 7 days of generated bars, less one symbol-day, with two invalid bars in another. */
    private static LocalInputs week(BarFixture fixture) throws Exception {
        for (var symbol : PLAN.symbols()) {
            for (SymbolDay day : BarGenerator.generate(symbol, PLAN)) {
                if (symbol.value().equals("SYM007") && day.date().value().equals("2026-11-22")) {
                    continue;
                }
                List<Bar> bars = new ArrayList<>(day.bars());
                if (symbol.value().equals("SYM004") && day.date().value().equals("2026-11-23")) {
                    Bar bar = bars.get(10);
                    bars.set(10, new Bar(bar.ts(), bar.symbol(), bar.open(), bar.high(), bar.low(), -bar.close(), bar.volume()));
                    bar = bars.get(500);
                    bars.set(500, new Bar(bar.ts(), bar.symbol(), bar.open(), bar.low() - 1, bar.low(), bar.close(), bar.volume()));
                }
                fixture.write(symbol.value(), day.date().value(), bars);
            }
        }
        return new LocalInputs(PrepWindow.standard(DATE), fixture.files(), List.of(), List.of(), 0, 0);
    }
}
