package org.locness.ingest.daily.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.lake.s3.ObjectInfo;

class InputFetcherTest {
    private static final PrepWindow WINDOW = new PrepWindow(TradingDate.of("2026-11-04"), 3, 0);

    @Test
    void recognisesOnlyWellFormedMarketDataKeys() {
        assertEquals(Optional.of(new InputFetcher.MarketKey(Symbol.of("BRK.B"), TradingDate.of("2026-11-03"))),
                InputFetcher.marketKey(ObjectKey.of("market-data/BRK.B/2026-11-03.parquet")));
        for (String key : List.of("market-data/btc/2026-11-03.parquet", "market-data/BTC/2026-02-30.parquet",
                "market-data/BTC/2026-11-03.csv", "market-data/BTC/extra/2026-11-03.parquet", "pre-swept/BTC/x.parquet")) {
            assertEquals(Optional.empty(), InputFetcher.marketKey(ObjectKey.of(key)), key);
        }
    }

    @Test
    void aWindowsDaysShareTheirFirstAndLastDatesPrefix() {
        assertEquals("2026-11-2", InputFetcher.windowDays(new PrepWindow(TradingDate.of("2026-11-28"), 7, 0)));
        assertEquals("2026-11-0", InputFetcher.windowDays(new PrepWindow(TradingDate.of("2026-11-08"), 7, 0)));
        assertEquals("2026-1", InputFetcher.windowDays(new PrepWindow(TradingDate.of("2026-12-03"), 7, 0)));
        assertEquals("202", InputFetcher.windowDays(new PrepWindow(TradingDate.of("2027-01-03"), 7, 0)));
        assertEquals("2026-11-27", InputFetcher.windowDays(new PrepWindow(TradingDate.of("2026-11-28"), 1, 0)));
    }

    @Test
    void namesMissingSymbolDaysAndADayMissingForEverySymbolOnce() {
        Map<Symbol, Map<TradingDate, ObjectInfo>> lake = new TreeMap<>();
        lake.put(Symbol.of("AAA"), days("AAA", "2026-11-01", "2026-11-03"));
        lake.put(Symbol.of("BBB"), days("BBB", "2026-11-03"));

        assertEquals(List.of("market-data/BBB/2026-11-01.parquet (missing)",
                "market-data/*/2026-11-02.parquet (missing for every symbol)"), InputFetcher.missing(WINDOW, lake));
    }

    @Test
    void anEmptyLakeHasNothingMissingToName() {
        assertEquals(List.of(), InputFetcher.missing(WINDOW, Map.of()));
    }

    private static Map<TradingDate, ObjectInfo> days(String symbol, String... dates) {
        Map<TradingDate, ObjectInfo> out = new TreeMap<>();
        for (String date : dates) {
            out.put(TradingDate.of(date), new ObjectInfo(ObjectKey.of("market-data/" + symbol + "/" + date + ".parquet"),
                    10, "e", Instant.EPOCH));
        }
        return out;
    }
}
