package org.locness.ingest.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

class MarketDataFileTest {
    @Test
    void aMarketDataKeyNamesItsSymbolAndDay() {
        assertEquals(Optional.of(new MarketDataFile(Symbol.of("BTC"), TradingDate.of("2026-03-10"))),
                MarketDataFile.parse("market-data/BTC/2026-03-10.parquet"));
    }

    @Test
    void otherKeysAreNotMarketData() {
        for (String key : new String[] {"pre-swept/BTC/2026-03-10.parquet", "market-data/BTC/2026-03-10.csv",
                "market-data/BTC/extra/2026-03-10.parquet", "market-data/2026-03-10.parquet",
                "daily-archived/2026-03-10/BTC/.jobs/x/y.json"}) {
            assertEquals(Optional.empty(), MarketDataFile.parse(key), key);
        }
    }

    @Test
    void aMarketDataKeyWhoseFolderIsNotASymbolOrWhoseNameIsNotADateIsRejected() {
        InvalidEventException badDate = assertThrows(InvalidEventException.class,
                () -> MarketDataFile.parse("market-data/BTC/2026-02-30.parquet"));
        assertEquals("key", badDate.field());
        assertThrows(InvalidEventException.class, () -> MarketDataFile.parse("market-data/BTC/latest.parquet"));
        assertThrows(InvalidEventException.class, () -> MarketDataFile.parse("market-data/b t c/2026-03-10.parquet"));
    }
}
