package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.LocalInputs.PatternFile;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.seed.Bar;

class ContextCalculatorTest {
    private static final TradingDate DATE = TradingDate.of("2026-11-04");
    /** Three market days: 11-01, 11-02, 11-03. */
    private static final PrepWindow WINDOW = new PrepWindow(DATE, 3, 2);
    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    /**
     * AAA rises, BBB falls, CCC is flat and has no file on 11-01 (the fetcher reports that day missing).
     * Every bar opens at the previous close, so a day's first open is the previous day's last close.
     */
    private LocalInputs fixture(BarFixture fixture) throws Exception {
        fixture.write("AAA", "2026-11-01", BarFixture.day("AAA", "2026-11-01", 10,
                new double[] {10, 10.5, 10.2, 10.8, 11}, new long[] {100, 200, 100, 300, 300}));
        fixture.write("AAA", "2026-11-02", BarFixture.day("AAA", "2026-11-02", 11,
                new double[] {11, 11.5, 11.8, 12.2, 12}, new long[] {200, 200, 300, 400, 400}));
        fixture.write("AAA", "2026-11-03", BarFixture.day("AAA", "2026-11-03", 12,
                new double[] {12, 12.3, 12.1, 12.4, 12.6}, new long[] {300, 300, 400, 500, 500}));
        fixture.write("BBB", "2026-11-01", BarFixture.day("BBB", "2026-11-01", 50,
                new double[] {50, 49, 48, 48.5, 48}, new long[] {1000, 1000, 1000, 1000, 1000}));
        fixture.write("BBB", "2026-11-02", BarFixture.day("BBB", "2026-11-02", 48,
                new double[] {47, 46, 46.5, 45, 45}, new long[] {1000, 1000, 1000, 1000, 1000}));
        fixture.write("BBB", "2026-11-03", BarFixture.day("BBB", "2026-11-03", 45,
                new double[] {44, 44.5, 43, 42, 42}, new long[] {2000, 2000, 2000, 2000, 2000}));
        fixture.write("CCC", "2026-11-02", BarFixture.day("CCC", "2026-11-02", 20,
                new double[] {20, 20.1, 20, 19.9, 20}, new long[] {10, 10, 10, 10, 10}));
        fixture.write("CCC", "2026-11-03", BarFixture.day("CCC", "2026-11-03", 20,
                new double[] {20, 20.05, 20.1, 20.05, 20.1}, new long[] {10, 10, 10, 10, 10}));
        return new LocalInputs(WINDOW, fixture.files(), List.of(), List.of("market-data/CCC/2026-11-01.parquet (missing)"),
                0, 0);
    }

    @Test
    void computesTheContextOfTheFixtureAsByHand() throws Exception {
        ComputedContext computed = new ContextCalculator().compute(fixture(new BarFixture(dir)), dir.resolve("run"));

        assertEquals(3, computed.rows());
        assertEquals(40, computed.rowsRead());
        assertEquals(List.of("market-data/CCC/2026-11-01.parquet (missing)"), computed.skipped());
        Path file = Path.of(computed.localFile());
        assertEquals(dir.resolve("run").resolve("daily_context_2026-11-04.parquet").toRealPath(), file.toRealPath());
        assertEquals(Lake.md5Of(file), computed.md5());
        Map<String, Map<String, Object>> rows = read(file);
        assertEquals(List.of("AAA", "BBB", "CCC"), List.copyOf(rows.keySet()));

        Map<String, Object> aaa = rows.get("AAA");
        assertEquals(LocalDate.of(2026, 11, 4), aaa.get("date"));
        assertEquals(15L, aaa.get("bars"));
        assertEquals(12.6, (double) aaa.get("last_close"), EPS);
        assertEquals(0.05, (double) aaa.get("return_1d"), EPS);
        assertEquals(0.26, (double) aaa.get("return_7d"), EPS);
        assertEquals(sampleStdev(logReturns(12, 12.3, 12.1, 12.4, 12.6)), (double) aaa.get("volatility"), EPS);
        assertEquals(vwap(BarFixture.day("AAA", "2026-11-03", 12, new double[] {12, 12.3, 12.1, 12.4, 12.6},
                new long[] {300, 300, 400, 500, 500})), (double) aaa.get("vwap"), EPS);
        // Daily volumes 1000, 1500, 2000: mean 1500, sample stdev 500.
        assertEquals(1.0, (double) aaa.get("volume_zscore"), EPS);
        assertEquals("up", aaa.get("trend"));

        Map<String, Object> bbb = rows.get("BBB");
        assertEquals(42.0, (double) bbb.get("last_close"), EPS);
        assertEquals(42.0 / 45 - 1, (double) bbb.get("return_1d"), EPS);
        assertEquals(-0.16, (double) bbb.get("return_7d"), EPS);
        assertEquals(sampleStdev(logReturns(44, 44.5, 43, 42, 42)), (double) bbb.get("volatility"), EPS);
        // Daily volumes 5000, 5000, 10000: mean 6666.67, sample stdev 2886.75, z = 2/sqrt(3).
        assertEquals(2 / Math.sqrt(3), (double) bbb.get("volume_zscore"), 1e-9);
        assertEquals("down", bbb.get("trend"));

        Map<String, Object> ccc = rows.get("CCC");
        assertEquals(10L, ccc.get("bars"));
        assertEquals(20.1 / 20 - 1, (double) ccc.get("return_1d"), EPS);
        assertEquals(20.1 / 20 - 1, (double) ccc.get("return_7d"), EPS);
        assertNull(ccc.get("volume_zscore"), "equal daily volumes have no z-score");
        assertEquals("flat", ccc.get("trend"));

        double[] oneDay = {0.05, 42.0 / 45 - 1, 20.1 / 20 - 1};
        for (Map<String, Object> row : rows.values()) {
            assertEquals(2.0 / 3, (double) row.get("market_breadth"), EPS);
            assertEquals(Arrays.stream(oneDay).average().orElseThrow(), (double) row.get("market_mean_return"), EPS);
            assertEquals(sampleStdev(oneDay), (double) row.get("market_dispersion"), EPS);
        }
        Map<String, String> metadata = metadata(file);
        assertEquals("[\"market-data/CCC/2026-11-01.parquet (missing)\"]", metadata.get("skipped"));
        assertEquals("2026-11-01..2026-11-03", metadata.get("market_window"));
        assertEquals("40", metadata.get("rows_read"));
        assertEquals("8", metadata.get("market_files"));
    }

    @Test
    void theColumnsAreTheAgreedOnes() throws Exception {
        ComputedContext computed = new ContextCalculator().compute(fixture(new BarFixture(dir)), dir.resolve("run"));
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + DuckDb.literal(Path.of(computed.localFile())) + ")")) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("date", "DATE");
        expected.put("symbol", "VARCHAR");
        expected.put("bars", "BIGINT");
        for (String c : List.of("last_close", "return_1d", "return_7d", "volatility", "vwap", "volume_zscore")) {
            expected.put(c, "DOUBLE");
        }
        expected.put("trend", "VARCHAR");
        for (String c : List.of("market_breadth", "market_mean_return", "market_dispersion")) {
            expected.put(c, "DOUBLE");
        }
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(types.entrySet()));
    }

    @Test
    void computingAgainGivesTheSameBytes() throws Exception {
        LocalInputs inputs = fixture(new BarFixture(dir));
        ComputedContext first = new ContextCalculator().compute(inputs, dir.resolve("run-1"));
        ComputedContext second = new ContextCalculator().compute(inputs, dir.resolve("run-2"));
        assertEquals(first.md5(), second.md5());
        assertEquals(-1L, Files.mismatch(Path.of(first.localFile()), Path.of(second.localFile())));
    }

    @Test
    void aSymbolWithoutBarsIsLeftOutAndNamed() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        LocalInputs base = fixture(fixture);
        fixture.write("DDD", "2026-11-02", List.of());
        fixture.write("DDD", "2026-11-03", List.of());

        ComputedContext computed = new ContextCalculator().compute(with(base, fixture), dir.resolve("run"));

        assertEquals(3, computed.rows());
        assertTrue(computed.skipped().contains("market-data/DDD/2026-11-02.parquet (no bars)"), computed.skipped()::toString);
        assertTrue(computed.skipped().contains("market-data/DDD/2026-11-03.parquet (no bars)"), computed.skipped()::toString);
        assertTrue(computed.skipped().contains("market-data/DDD/ (no usable bars)"), computed.skipped()::toString);
    }

    @Test
    void corruptAndForeignFilesAreSkippedAndTheRestIsUsed() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        LocalInputs base = fixture(fixture);
        fixture.write("EEE", "2026-11-01", BarFixture.day("EEE", "2026-11-01", 5, new double[] {5, 5.5}, new long[] {1, 1}));
        fixture.write("EEE", "2026-11-02", BarFixture.day("EEE", "2026-11-02", 5.5, new double[] {6, 6.6}, new long[] {1, 1}));
        fixture.writeBytes("EEE", "2026-11-03", "PAR1 this is not parquet".getBytes(StandardCharsets.UTF_8));
        fixture.writeOtherTable("FFF", "2026-11-03");

        ComputedContext computed = new ContextCalculator().compute(with(base, fixture), dir.resolve("run"));

        assertEquals(List.of("market-data/CCC/2026-11-01.parquet (missing)",
                "market-data/EEE/2026-11-03.parquet (unreadable Parquet)",
                "market-data/FFF/ (no usable bars)",
                "market-data/FFF/2026-11-03.parquet (not market bars: missing columns)"), computed.skipped());
        Map<String, Map<String, Object>> rows = read(Path.of(computed.localFile()));
        assertEquals(List.of("AAA", "BBB", "CCC", "EEE"), List.copyOf(rows.keySet()));
        assertEquals(6.6, (double) rows.get("EEE").get("last_close"), EPS, "EEE's last usable day is 11-02");
        assertEquals(6.6 / 5.5 - 1, (double) rows.get("EEE").get("return_1d"), EPS);
        assertEquals(new ObjectMapper().writeValueAsString(computed.skipped()), metadata(Path.of(computed.localFile())).get("skipped"));
    }

    @Test
    void invalidRowsAreDroppedAndCounted() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        LocalInputs base = fixture(fixture);
        List<Bar> bars = new ArrayList<>(BarFixture.day("GGG", "2026-11-03", 7, new double[] {7, 7.7, 7}, new long[] {5, 5, 5}));
        Bar good = bars.get(1);
        bars.set(1, new Bar(good.ts(), good.symbol(), good.open(), good.low() - 1, good.low(), good.close(), good.volume()));
        bars.add(new Bar(good.ts().plusSeconds(600), good.symbol(), Double.NaN, 1, 1, 1, 1));
        bars.add(new Bar(good.ts().plusSeconds(660), good.symbol(), 1, 1, 1, 1, -1));
        bars.add(new Bar(Instant.parse("2026-11-02T12:00:00Z"), good.symbol(), 1, 1, 1, 1, 1));
        fixture.write("GGG", "2026-11-03", bars);

        ComputedContext computed = new ContextCalculator().compute(with(base, fixture), dir.resolve("run"));

        assertTrue(computed.skipped().contains("market-data/GGG/2026-11-03.parquet (4 invalid rows dropped)"),
                computed.skipped()::toString);
        assertEquals(2L, read(Path.of(computed.localFile())).get("GGG").get("bars"));
    }

    @Test
    void patternsAreCountedAndUnreadableOnesNamed() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        LocalInputs base = fixture(fixture);
        Path good = dir.resolve("inputs/patterns/2026-11-03/unified.parquet");
        Files.createDirectories(good.getParent());
        try (Connection db = DuckDb.open(dir.resolve("writer")); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT 'trend=up|vol=low|volume=normal|gap=none' AS signature, range AS cases FROM range(4)) TO "
                    + DuckDb.literal(good) + " (FORMAT PARQUET)");
        }
        Path bad = dir.resolve("inputs/patterns/2026-11-02/unified.parquet");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "garbage");
        LocalInputs inputs = new LocalInputs(WINDOW, base.market(), List.of(
                new PatternFile(TradingDate.of("2026-11-02"), LakeKeys.unifiedPatterns(TradingDate.of("2026-11-02")), bad),
                new PatternFile(TradingDate.of("2026-11-03"), LakeKeys.unifiedPatterns(TradingDate.of("2026-11-03")), good)),
                base.missing(), 0, 0);

        ComputedContext computed = new ContextCalculator().compute(inputs, dir.resolve("run"));

        assertTrue(computed.skipped().contains("patterns/2026-11-02/unified.parquet (unreadable Parquet)"),
                computed.skipped()::toString);
        Map<String, String> metadata = metadata(Path.of(computed.localFile()));
        assertEquals("1", metadata.get("pattern_days"));
        assertEquals("4", metadata.get("pattern_rows"));
    }

    @Test
    void nothingUsableFailsWithTheReasons() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        fixture.writeBytes("AAA", "2026-11-03", new byte[] {1, 2, 3});
        LocalInputs inputs = new LocalInputs(WINDOW, fixture.files(), List.of(), List.of(), 0, 0);

        NothingUsableException e = assertThrows(NothingUsableException.class,
                () -> new ContextCalculator().compute(inputs, dir.resolve("run")));

        assertTrue(e.getMessage().contains("no usable market bars for the context of 2026-11-04 in 2026-11-01..2026-11-03"),
                e.getMessage());
        assertTrue(e.getMessage().contains("market-data/AAA/2026-11-03.parquet (unreadable Parquet)"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("run/daily_context_2026-11-04.parquet")));
    }

    @Test
    void anEmptyWindowFailsToo() {
        LocalInputs inputs = new LocalInputs(WINDOW, List.of(), List.of(), List.of(), 0, 0);
        NothingUsableException e = assertThrows(NothingUsableException.class,
                () -> new ContextCalculator().compute(inputs, dir.resolve("run")));
        assertTrue(e.getMessage().contains("market-data/ holds no file for those days"), e.getMessage());
    }

    @Test
    void differentInputGivesDifferentBytes() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        LocalInputs base = fixture(fixture);
        ComputedContext first = new ContextCalculator().compute(base, dir.resolve("run-1"));
        LocalInputs fewer = new LocalInputs(WINDOW, base.market().subList(0, 6), List.of(), List.of(), 0, 0);
        ComputedContext second = new ContextCalculator().compute(fewer, dir.resolve("run-2"));
        assertNotEquals(first.md5(), second.md5());
        assertEquals(ObjectKey.of("daily-prepared/2026-11-04.parquet"), LakeKeys.dailyPrepared(first.date()));
    }

    private static LocalInputs with(LocalInputs base, BarFixture fixture) {
        return new LocalInputs(WINDOW, fixture.files(), base.patterns(), base.missing(), 0, 0);
    }

    private Map<String, Map<String, Object>> read(Path file) throws Exception {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(" + DuckDb.literal(file) + ")")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.put(rs.getString("symbol"), row);
            }
        }
        return rows;
    }

    private Map<String, String> metadata(Path file) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata("
                        + DuckDb.literal(file) + ")")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static double[] logReturns(double... closes) {
        double[] out = new double[closes.length - 1];
        for (int i = 1; i < closes.length; i++) {
            out[i - 1] = Math.log(closes[i] / closes[i - 1]);
        }
        return out;
    }

    private static double sampleStdev(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (values.length - 1));
    }

    private static double vwap(List<Bar> bars) {
        double pv = 0;
        double v = 0;
        for (Bar bar : bars) {
            pv += (bar.high() + bar.low() + bar.close()) / 3 * bar.volume();
            v += bar.volume();
        }
        return pv / v;
    }
}
