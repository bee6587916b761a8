package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

class MarketDataFilesTest {

    @Test
    void symbolFoldersOfDayFilesAreMarketDataAndAnythingElseIsLeftOut(@TempDir Path dir) throws Exception {
        touch(dir.resolve("MSFT/2026-03-12.parquet"));
        touch(dir.resolve("AAPL/2026-03-12.parquet"));
        touch(dir.resolve("AAPL/2026-03-13.parquet"));
        touch(dir.resolve("AAPL/notes.txt"));
        touch(dir.resolve("AAPL/2026-13-01.parquet"));
        touch(dir.resolve("README.md"));

        MarketDataFiles files = MarketDataFiles.scan(dir);

        assertEquals(List.of(Symbol.of("AAPL"), Symbol.of("MSFT")), files.symbols());
        assertEquals(List.of(TradingDate.of("2026-03-12"), TradingDate.of("2026-03-13")),
                List.copyOf(files.files().get(Symbol.of("AAPL")).keySet()));
        assertEquals(TradingDate.of("2026-03-13"), files.newest(files.symbols()));
        assertEquals(TradingDate.of("2026-03-12"), files.newest(List.of(Symbol.of("MSFT"))));
    }

    @Test
    void aDirectoryWithoutDayFilesIsAConfigurationError(@TempDir Path dir) throws Exception {
        touch(dir.resolve("AAPL/bars.csv"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MarketDataFiles.scan(dir));

        assertTrue(e.getMessage().contains("holds no <SYMBOL>/<YYYY-MM-DD>.parquet files"), e.getMessage());
    }

    private static void touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }
}
