package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;

class MarketFileReaderTest {
    @Test
    void filesAreSplitIntoContiguousPartsOfAtLeastSixteen() {
        List<MarketFile> files = files(100);

        List<List<MarketFile>> parts = MarketFileReader.parts(files, 2);

        assertEquals(List.of(50, 50), parts.stream().map(List::size).toList());
        assertEquals(files, parts.stream().flatMap(List::stream).toList(), "in the files' order");
        assertEquals(List.of(16, 17, 17, 17), MarketFileReader.parts(files(67), 8).stream().map(List::size).toList(),
                "67 files make four parts of at least 16, not eight");
        assertEquals(1, MarketFileReader.parts(files(31), 8).size());
        assertEquals(List.of(List.of()), MarketFileReader.parts(List.of(), 2));
    }

    /** The second part cannot open its DuckDB: the read fails with that, and no reader thread outlives it. */
    @Test
    void aPartThatFailsFailsTheReadAndNothingKeepsRunning(@TempDir Path dir) throws Exception {
        BarFixture fixture = new BarFixture(dir);
        for (int i = 0; i < 2 * MarketFileReader.MIN_FILES_PER_PART; i++) {
            fixture.write(String.format("SYM%03d", i), "2026-11-26", BarFixture.day(String.format("SYM%03d", i),
                    "2026-11-26", 10.0, new double[] {10.1, 10.2, 10.0}, new long[] {100, 200, 300}));
        }
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("duckdb-read-1"), "a file where the part's directory should go");

        assertThrows(RuntimeException.class, () -> new MarketFileReader(2, PrepDuckDb.perUse()).read(fixture.files(), run));

        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("daily-prep-read") && t.isAlive()), "a reader outlived the read");
    }

    @Test
    void twoPartsGiveTheSummariesOfOne(@TempDir Path dir) throws Exception {
        BarFixture fixture = new BarFixture(dir);
        for (int i = 0; i < 2 * MarketFileReader.MIN_FILES_PER_PART; i++) {
            fixture.write(String.format("SYM%03d", i), "2026-11-26", BarFixture.day(String.format("SYM%03d", i),
                    "2026-11-26", 10.0 + i, new double[] {10.1 + i, 10.2 + i, 10.0 + i, 10.3 + i}, new long[] {100, 200, 0, 300}));
        }

        MarketFileReader.Read one = new MarketFileReader(1, PrepDuckDb.perUse()).read(fixture.files(), dir.resolve("one"));
        MarketFileReader.Read two = new MarketFileReader(2, PrepDuckDb.perUse()).read(fixture.files(), dir.resolve("two"));

        assertEquals(fixture.files(), two.files());
        assertEquals(one.summaries(), two.summaries());
        assertEquals(4, one.summaries().get(3).bars());
    }

    @Test
    void atLeastOneReaderIsNeeded() {
        assertThrows(IllegalArgumentException.class, () -> new MarketFileReader(0, PrepDuckDb.perUse()));
    }

    private static List<MarketFile> files(int count) {
        TradingDate day = TradingDate.of("2026-11-26");
        return IntStream.range(0, count).mapToObj(i -> {
            Symbol symbol = Symbol.of(String.format("SYM%03d", i));
            return new MarketFile(symbol, day, LakeKeys.marketData(symbol, day), Path.of("x"));
        }).toList();
    }
}
