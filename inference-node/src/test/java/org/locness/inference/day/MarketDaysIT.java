package org.locness.inference.day;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.inference.cache.CacheMetrics;
import org.locness.inference.node.LakeFiles;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.PromptInputsReader;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;

/** Whole days of market data read from the lake (s3proxy standing in for MinIO) into memory. */
@EmbeddedStackTest
class MarketDaysIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aDaysFirstJobStartsItsReadAndLaterJobsFindTheStatisticsTheirOwnReadWouldGive(EmbeddedStack stack)
            throws Exception {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        TradingDate day = TradingDate.of("2031-01-06");
        TradingDate dayBefore = TradingDate.of("2031-01-05");
        List<Symbol> symbols = List.of(Symbol.of("MDA"), Symbol.of("MDB"), Symbol.of("MDC"));
        for (int i = 0; i < symbols.size(); i++) {
            put(lake, symbols.get(i), day, 0.001 * (i + 1));
        }
        put(lake, symbols.get(0), dayBefore, 0.01);
        ObjectKey unreadable = LakeKeys.marketData(Symbol.of("MDBAD"), day);
        lake.put(unreadable, Files.writeString(dir.resolve("bad.parquet"), "not parquet"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Path work = dir.resolve("work");

        try (MarketDays days = MarketDays.of(lake, work, 2, new CacheMetrics(registry, NodeName.of("vm1")))) {
            ObjectKey first = LakeKeys.marketData(symbols.get(0), day);
            assertEquals(Optional.empty(), days.known(symbols.get(0), first), "the day's first job reads its own input");
            Await.until("the day read", TIMEOUT, () -> days.known(symbols.get(0), first).isPresent());

            for (Symbol symbol : symbols) {
                ObjectKey key = LakeKeys.marketData(symbol, day);
                MarketDays.Known known = days.known(symbol, key).orElseThrow();
                assertEquals(ownRead(lake, key, symbol), known.statistics(), symbol.value());
                assertEquals(lake.stat(key).orElseThrow().eTag(), known.eTag());
            }
            assertEquals(Optional.empty(), days.known(Symbol.of("MDBAD"), unreadable), "left to its job, which reports it");
            assertEquals(Optional.empty(), days.known(symbols.get(1), first), "another symbol's file is not its input");
            assertEquals(Optional.empty(), days.known(symbols.get(0), LakeKeys.preSwept(symbols.get(0), "x.parquet")));
            assertEquals(1, registry.get("locness.node.market.day.read").timer().count());
            assertEquals(3.0, registry.get("locness.node.market.day.files").counter().count());
            assertTrue(registry.get("locness.model.cache").tag("file", "market-day").tag("result", "hit").counter()
                    .count() >= 3);

            days.forget(symbols.get(0), first);
            assertEquals(Optional.empty(), days.known(symbols.get(0), first), "a replaced object is read by its job");
            ObjectKey before = LakeKeys.marketData(symbols.get(0), dayBefore);
            assertEquals(Optional.empty(), days.known(symbols.get(0), before));
            Await.until("the day before's read", TIMEOUT, () -> days.known(symbols.get(0), before).isPresent());
            assertTrue(days.known(symbols.get(1), LakeKeys.marketData(symbols.get(1), day)).isPresent());
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "scratch files are gone");
        }
    }

    @Test
    void theOldestDayGoesWhenMoreAreReadThanKept(EmbeddedStack stack) throws Exception {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        Symbol symbol = Symbol.of("MDK");
        List<TradingDate> dates = List.of(TradingDate.of("2031-02-02"), TradingDate.of("2031-02-03"));
        for (TradingDate date : dates) {
            put(lake, symbol, date, 0.002);
        }
        CacheMetrics metrics = new CacheMetrics(new SimpleMeterRegistry(), NodeName.of("vm1"));
        try (MarketDays days = new MarketDays(new MarketDayReader(lake, dir.resolve("work")), 1, metrics)) {
            for (TradingDate date : dates) {
                ObjectKey key = LakeKeys.marketData(symbol, date);
                days.known(symbol, key);
                Await.until("the read of " + date, TIMEOUT, () -> days.known(symbol, key).isPresent());
            }

            assertEquals(Optional.empty(), days.known(symbol, LakeKeys.marketData(symbol, dates.get(0))));
        }
    }

    private void put(Lake lake, Symbol symbol, TradingDate date, double drift) throws Exception {
        Path file = dir.resolve(symbol.value() + "-" + date.value() + ".parquet");
        lake.put(LakeKeys.marketData(symbol, date), LakeFiles.bars(file, dir.resolve("seed"), symbol, date, 0, 1440, drift));
    }

    /** What a job reading its own input gets. */
    private BarStatistics ownRead(Lake lake, ObjectKey key, Symbol symbol) throws Exception {
        Path file = dir.resolve("own-" + symbol.value() + ".parquet");
        lake.download(key, file);
        try (Connection db = DuckDb.open(dir.resolve("own"), 1)) {
            return new PromptInputsReader(db).bars(List.of(file), symbol.value());
        }
    }
}
