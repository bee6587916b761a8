package org.locness.inference.node;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.ParquetTable;
import org.locness.lake.parquet.DuckDb;

/** Parquet files shaped as the contract says, written with DuckDB, for the node's tests. */
public final class LakeFiles {
    private LakeFiles() {
    }

    /** {@code minutes} one-minute bars from {@code firstMinute} of the day, the price rising by {@code drift} a bar. */
    public static Path bars(Path file, Path workDir, Symbol symbol, TradingDate date, int firstMinute, int minutes, double drift)
            throws Exception {
        String price = "(100 + i * " + drift + ")";
        return copy(file, workDir, "SELECT TIMESTAMP '" + date + " 00:00:00' + to_minutes(i) AS ts, '" + symbol
                + "' AS symbol, " + price + " AS open, " + price + " + 0.05 AS high, " + price + " - 0.05 AS low, "
                + price + " + " + drift + " AS close, (100 + i % 7)::BIGINT AS volume FROM range(" + firstMinute + ", "
                + (firstMinute + minutes) + ") t(i)");
    }

    /** A daily context with one row for {@code symbol} and one for another symbol. */
    public static Path context(Path file, Path workDir, TradingDate date, Symbol symbol, double lastClose) throws Exception {
        return context(file, workDir, date, List.of(symbol), lastClose);
    }

    /** A daily context with one row for each of {@code symbols} and one for another symbol. */
    public static Path context(Path file, Path workDir, TradingDate date, List<Symbol> symbols, double lastClose)
            throws Exception {
        String rows = Stream.concat(symbols.stream().map(Symbol::value), Stream.of("ZZZ"))
                .map(s -> "('" + s + "')").collect(Collectors.joining(", "));
        return copyAs(LakeTables.DAILY_CONTEXT, file, workDir, "SELECT DATE '" + date + "' AS date, s AS symbol, 1440::BIGINT AS bars, "
                + lastClose + "::DOUBLE AS last_close, 0.01 AS return_1d, 0.03 AS return_7d, 0.001 AS volatility, "
                + lastClose + "::DOUBLE AS vwap, 0.4 AS volume_zscore, 'up' AS trend, 0.5 AS market_breadth,"
                + " 0.002 AS market_mean_return, 0.01 AS market_dispersion FROM (VALUES " + rows + ") t(s)");
    }

    /** Unified patterns: {@code rows} rows of {@code signature} on {@code date}. */
    public static Path patterns(Path file, Path workDir, TradingDate date, String signature, int rows) throws Exception {
        return copyAs(LakeTables.PATTERN_ROW, file, workDir, "SELECT '" + signature + "' AS signature, 'BTC' AS symbol, DATE '" + date
                + "' AS date, 'm' || i AS model, ['up', 'down', 'flat'][1 + i % 3] AS prediction,"
                + " 0.6::DOUBLE AS confidence, 'J-' || i AS job_id FROM range(" + rows + ") t(i)");
    }

    public static long rows(Path file, Path workDir) throws Exception {
        try (Connection db = DuckDb.open(workDir); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + DuckDb.literal(file) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes {@code select} as {@code table}, column for column and type for type: a fixture cannot drift from the contract. */
    private static Path copyAs(ParquetTable table, Path file, Path workDir, String select) throws Exception {
        String columns = table.columns().stream().map(c -> "CAST(" + c.name() + " AS " + c.type() + ") AS " + c.name())
                .collect(Collectors.joining(", "));
        return copy(file, workDir, "SELECT " + columns + " FROM (" + select + ")");
    }

    private static Path copy(Path file, Path workDir, String select) throws Exception {
        try (Connection db = DuckDb.open(workDir); Statement s = db.createStatement()) {
            s.execute("COPY (" + select + ") TO " + DuckDb.literal(file) + " (FORMAT PARQUET)");
        }
        return file;
    }
}
