package org.locness.lake.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.lake.parquet.DuckDb;

class BarParquetWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheAgreedColumnsInTimeOrder() throws Exception {
        SeedPlan plan = new SeedPlan(List.of(Symbol.of("BTC")), 1, TradingDate.of("2026-11-27"), 5, 30);
        List<Bar> bars = new ArrayList<>(BarGenerator.generate(Symbol.of("BTC"), plan).get(0).bars());
        List<Bar> shuffled = new ArrayList<>(bars);
        Collections.reverse(shuffled);
        Path file = dir.resolve("out/BTC/2026-11-27.parquet");

        try (BarParquetWriter writer = new BarParquetWriter(dir.resolve("work"))) {
            writer.write(shuffled, file);
        }

        try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement()) {
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + DuckDb.literal(file) + ")")) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertEquals(Map.of("ts", "TIMESTAMP", "symbol", "VARCHAR", "open", "DOUBLE", "high", "DOUBLE",
                    "low", "DOUBLE", "close", "DOUBLE", "volume", "BIGINT"), types);
            assertEquals(List.of("ts", "symbol", "open", "high", "low", "close", "volume"), List.copyOf(types.keySet()));
            List<Bar> back = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT epoch_us(ts), symbol, open, high, low, close, volume FROM read_parquet("
                    + DuckDb.literal(file) + ")")) {
                while (rs.next()) {
                    long micros = rs.getLong(1);
                    back.add(new Bar(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
                            Symbol.of(rs.getString(2)), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                            rs.getDouble(6), rs.getLong(7)));
                }
            }
            assertEquals(bars, back);
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
        }
    }

    @Test
    void rewritingGivesTheSameBytes() throws Exception {
        SeedPlan plan = SeedPlan.numbered(1, 1, TradingDate.of("2026-11-27"), 9);
        List<Bar> bars = BarGenerator.generate(Symbol.of("SYM001"), plan).get(0).bars();
        Path first = dir.resolve("a.parquet");
        Path second = dir.resolve("b.parquet");
        try (BarParquetWriter writer = new BarParquetWriter(dir.resolve("work"))) {
            writer.write(bars, first);
            writer.write(bars, second);
        }
        assertEquals(-1L, Files.mismatch(first, second));
        assertFalse(Files.exists(dir.resolve(".a.parquet.tmp")));
    }
}
