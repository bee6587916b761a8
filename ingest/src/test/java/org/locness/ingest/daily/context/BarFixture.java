package org.locness.ingest.daily.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.seed.Bar;
import org.locness.lake.seed.BarParquetWriter;

/** Small hand-made market-data files, laid out under a directory the way the fetcher mirrors keys. */
final class BarFixture {
    private final Path dir;
    private final List<MarketFile> files = new ArrayList<>();

    BarFixture(Path dir) {
        this.dir = dir;
    }

    /**
     * One day of bars from their closes: each bar opens at the previous close ({@code firstOpen} for
     * the first), high/low sit 0.1 outside open and close.
     */
    static List<Bar> day(String symbol, String date, double firstOpen, double[] closes, long[] volumes) {
        List<Bar> bars = new ArrayList<>();
        double open = firstOpen;
        Instant midnight = Instant.parse(date + "T00:00:00Z");
        for (int i = 0; i < closes.length; i++) {
            double close = closes[i];
            bars.add(new Bar(midnight.plusSeconds(60L * i), Symbol.of(symbol), open, Math.max(open, close) + 0.1,
                    Math.min(open, close) - 0.1, close, volumes[i]));
            open = close;
        }
        return bars;
    }

    MarketFile write(String symbol, String date, List<Bar> bars) throws Exception {
        MarketFile file = file(symbol, date);
        try (BarParquetWriter writer = new BarParquetWriter(dir.resolve("writer"))) {
            writer.write(bars, file.path());
        }
        files.add(file);
        return file;
    }

    MarketFile writeBytes(String symbol, String date, byte[] content) throws Exception {
        MarketFile file = file(symbol, date);
        Files.createDirectories(file.path().getParent());
        Files.write(file.path(), content);
        files.add(file);
        return file;
    }

    /** A Parquet file that is not market bars at all. */
    MarketFile writeOtherTable(String symbol, String date) throws Exception {
        MarketFile file = file(symbol, date);
        Files.createDirectories(file.path().getParent());
        try (Connection db = DuckDb.open(dir.resolve("writer")); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT 1 AS a, 'x' AS b) TO " + DuckDb.literal(file.path()) + " (FORMAT PARQUET)");
        }
        files.add(file);
        return file;
    }

    List<MarketFile> files() {
        return List.copyOf(files);
    }

    private MarketFile file(String symbol, String date) {
        ObjectKey key = LakeKeys.marketData(Symbol.of(symbol), TradingDate.of(date));
        return new MarketFile(Symbol.of(symbol), TradingDate.of(date), key, dir.resolve("inputs").resolve(key.value()));
    }
}
