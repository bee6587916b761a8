package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
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

    @Test
    void atLeastOneReaderIsNeeded() {
        assertThrows(IllegalArgumentException.class, () -> new MarketFileReader(0));
    }

    private static List<MarketFile> files(int count) {
        TradingDate day = TradingDate.of("2026-11-26");
        return IntStream.range(0, count).mapToObj(i -> {
            Symbol symbol = Symbol.of(String.format("SYM%03d", i));
            return new MarketFile(symbol, day, LakeKeys.marketData(symbol, day), Path.of("x"));
        }).toList();
    }
}
