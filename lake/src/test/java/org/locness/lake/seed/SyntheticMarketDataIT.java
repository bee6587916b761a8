package org.locness.lake.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.testing.EmbeddedStackTest;

@EmbeddedStackTest
class SyntheticMarketDataIT {
    private static final SeedPlan PLAN = new SeedPlan(List.of(Symbol.of("BTC"), Symbol.of("ETH"), Symbol.of("AAPL")),
            2, TradingDate.of("2026-11-27"), 11, 60);

    private final Lake lake;

    SyntheticMarketDataIT(EmbeddedStack stack) {
        lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
    }

    @Test
    void seedsMarketDataAndTheNewestDayPreSweptThenReseedsQuietly(@TempDir Path dir) throws Exception {
        SeedReport report = SyntheticMarketData.seed(lake, dir.resolve("work"), PLAN);

        assertEquals(3L * 2 * 60, report.bars());
        assertEquals(9, report.objectsWritten());
        assertEquals(0, report.objectsUnchanged());
        assertEquals(List.of("pre-swept/BTC/2026-11-27-bars.parquet", "pre-swept/ETH/2026-11-27-bars.parquet",
                "pre-swept/AAPL/2026-11-27-bars.parquet"), report.preSweptKeys().stream().map(ObjectKey::value).toList());
        assertEquals(List.of("market-data/AAPL/2026-11-26.parquet", "market-data/AAPL/2026-11-27.parquet",
                        "market-data/BTC/2026-11-26.parquet", "market-data/BTC/2026-11-27.parquet",
                        "market-data/ETH/2026-11-26.parquet", "market-data/ETH/2026-11-27.parquet"),
                lake.list(LakeKeys.MARKET_DATA).stream().map(i -> i.key().value()).toList());
        ObjectInfo newest = lake.stat(LakeKeys.marketData(Symbol.of("ETH"), PLAN.endDate())).orElseThrow();
        ObjectInfo preSwept = lake.stat(SyntheticMarketData.preSweptKey(Symbol.of("ETH"), PLAN)).orElseThrow();
        assertEquals(newest.eTag(), preSwept.eTag());
        try (Stream<Path> left = Files.walk(dir.resolve("work/seed"))) {
            assertTrue(left.noneMatch(Files::isRegularFile), "the scratch files are removed");
        }

        Path back = dir.resolve("back.parquet");
        lake.get(LakeKeys.marketData(Symbol.of("ETH"), TradingDate.of("2026-11-26")), back);
        List<Bar> expected = BarGenerator.generate(Symbol.of("ETH"), PLAN).get(0).bars();
        try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), min(ts)::VARCHAR, max(ts)::VARCHAR, any_value(symbol),"
                        + " sum(volume), first(close ORDER BY ts DESC) FROM read_parquet(" + DuckDb.literal(back) + ")")) {
            rs.next();
            assertEquals(60, rs.getLong(1));
            assertEquals("2026-11-26 00:00:00", rs.getString(2));
            assertEquals("2026-11-26 00:59:00", rs.getString(3));
            assertEquals("ETH", rs.getString(4));
            assertEquals(expected.stream().mapToLong(Bar::volume).sum(), rs.getLong(5));
            assertEquals(expected.get(59).close(), rs.getDouble(6), 0.0);
        }

        SeedReport again = SyntheticMarketData.seed(lake, dir.resolve("work"), PLAN);
        assertEquals(0, again.objectsWritten());
        assertEquals(9, again.objectsUnchanged());
    }
}
