package org.locness.inference.prompt;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.locness.lake.parquet.DuckDb;

/**
 * Reads a job's prompt inputs from local Parquet files with DuckDB: the symbol's bars, and the whole
 * of a day's context and unified patterns, which the node parses once and shares between its models.
 */
public final class PromptInputsReader {
    private final Connection db;

    public PromptInputsReader(Connection db) {
        this.db = db;
    }

    /** The symbol's bars in the inputs, fetched as the files hold them and summed up in Java ({@link BarSeries}). */
    public BarStatistics bars(List<Path> inputs, String symbol) throws SQLException {
        String files = inputs.stream().map(DuckDb::literal).collect(Collectors.joining(", ", "[", "]"));
        // Fetching a day's 1,440 rows and one pass in Java costs less than DuckDB's window and
        // aggregate query over them did (a lag() window sorts, eleven aggregates then scan). No
        // ORDER BY: the bars come in time order as written, and BarSeries sorts any that do not.
        String sql = "SELECT epoch(ts), open, high, low, close, volume FROM read_parquet(" + files
                + ") WHERE symbol = ?";
        BarSeries series = new BarSeries();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, symbol);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    series.add(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                            rs.getDouble(6));
                }
            }
        }
        if (series.size() == 0) {
            throw new SQLException("no bars for " + symbol + " in " + inputs);
        }
        return series.statistics();
    }

    /** Every row of a day's context: each symbol's columns, and the market-wide ones from the first row. */
    public DailyContext dailyContext(Path dailyContext) throws SQLException {
        String sql = """
                SELECT strftime(date, '%%Y-%%m-%%d'), symbol, last_close, return_7d, volume_zscore, trend,
                       market_breadth, market_mean_return, market_dispersion
                FROM read_parquet(%s)
                """.formatted(DuckDb.literal(dailyContext));
        Map<String, DailyContext.SymbolRow> rows = new HashMap<>();
        String date = null;
        double breadth = Double.NaN;
        double meanReturn = Double.NaN;
        double dispersion = Double.NaN;
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (date == null) {
                    date = rs.getString(1);
                    breadth = rs.getDouble(7);
                    meanReturn = rs.getDouble(8);
                    dispersion = rs.getDouble(9);
                }
                String symbol = rs.getString(2);
                if (symbol != null) {
                    rows.putIfAbsent(symbol, new DailyContext.SymbolRow(rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getString(6)));
                }
            }
        }
        return date == null ? DailyContext.none() : new DailyContext(date, breadth, meanReturn, dispersion, rows);
    }

    /**
     * A day's unified patterns: each signature's calls grouped by day, newest first, and the overview of
     * the newest day over every signature.
     */
    public UnifiedPatterns unifiedPatterns(Path unifiedPatterns) throws SQLException {
        String file = DuckDb.literal(unifiedPatterns);
        String historySql = """
                SELECT signature, strftime(date, '%%Y-%%m-%%d') AS day, count(*),
                       avg(CASE WHEN prediction = 'up' THEN 1 ELSE 0 END),
                       avg(CASE WHEN prediction = 'down' THEN 1 ELSE 0 END),
                       avg(CASE WHEN prediction = 'flat' THEN 1 ELSE 0 END),
                       avg(confidence)
                FROM read_parquet(%s) WHERE signature IS NOT NULL
                GROUP BY signature, day ORDER BY signature, day DESC
                """.formatted(file);
        Map<String, List<PatternHistory.Day>> days = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(historySql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                days.computeIfAbsent(rs.getString(1), signature -> new ArrayList<>()).add(new PatternHistory.Day(
                        rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return new UnifiedPatterns(days, overview(file));
    }

    /** The newest day of the unified patterns, over every signature. */
    private PatternOverview overview(String file) throws SQLException {
        String sql = """
                SELECT strftime(date, '%%Y-%%m-%%d') AS day, count(*),
                       avg(CASE WHEN prediction = 'up' THEN 1 ELSE 0 END),
                       avg(CASE WHEN prediction = 'down' THEN 1 ELSE 0 END),
                       avg(CASE WHEN prediction = 'flat' THEN 1 ELSE 0 END)
                FROM read_parquet(%s) GROUP BY day ORDER BY day DESC LIMIT 1
                """.formatted(file);
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return PatternOverview.none();
            }
            return new PatternOverview(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                    rs.getDouble(5));
        }
    }
}
