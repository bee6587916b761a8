package org.locness.ingest.daily.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.locness.events.id.Symbol;
import org.locness.events.json.EventJson;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.StagingFiles;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.ingest.daily.context.LocalInputs.PatternFile;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.staging.StagingDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes {@code daily-prepared/<date>.parquet} from the window's local files with DuckDB: one row
 * per symbol ({@code date, symbol, bars, last_close, return_1d, return_7d, volatility, vwap,
 * volume_zscore, trend}) plus the market-wide {@code market_breadth, market_mean_return,
 * market_dispersion} on every row.
 *
 * <p>Definitions, per symbol over the bars of the window: {@code bars} counts them; the last day is
 * the symbol's newest day with bars; {@code last_close} is its last bar's close; {@code return_1d}
 * is last close over the previous day's last close, minus one (NULL with a single day);
 * {@code return_7d} is last close over the window's first open, minus one; {@code volatility} is
 * the sample stdev of the last day's one-minute log returns (not annualised); {@code vwap} weights
 * the last day's typical price (high+low+close)/3 by volume; {@code volume_zscore} places the last
 * day's volume among the window's daily volumes (NULL when they do not vary); {@code trend} is
 * {@code up}/{@code down} when {@code return_7d} is beyond ±1 %, else {@code flat}. Market-wide:
 * breadth is the share of symbols with {@code return_1d > 0}, then the mean and sample stdev of
 * {@code return_1d} across symbols.
 *
 * <p>Bad input never stops the prep: unreadable files, files without the bar columns, invalid rows
 * and symbols left with no bars are named in the output's {@code skipped} key-value metadata (a
 * JSON array) and in the result; only a window without a single usable bar fails.
 */
public final class ContextCalculator {
    private static final Logger LOG = LoggerFactory.getLogger(ContextCalculator.class);
    static final double TREND_THRESHOLD = 0.01;

    /** A bar is usable when it is complete, finite, positive, consistent and on its file's day. */
    private static final String VALID = "coalesce(ts IS NOT NULL AND CAST(ts AS DATE) = day"
            + " AND isfinite(open) AND isfinite(high) AND isfinite(low) AND isfinite(close)"
            + " AND open > 0 AND high > 0 AND low > 0 AND close > 0 AND volume >= 0"
            + " AND low <= least(open, close) AND high >= greatest(open, close), false)";

    private static final String CONTEXT = """
            WITH per_day AS (
                SELECT symbol, day, count(*) AS bars, arg_min(open, ts) AS day_open, arg_max(close, ts) AS day_close,
                       CAST(sum(volume) AS DOUBLE) AS day_volume
                FROM bars GROUP BY symbol, day),
            ranked AS (
                SELECT *, row_number() OVER (PARTITION BY symbol ORDER BY day DESC) AS recency FROM per_day),
            per_symbol AS (
                SELECT symbol, sum(bars) AS bars, max(day) AS last_day,
                       max(day_close) FILTER (WHERE recency = 1) AS last_close,
                       max(day_close) FILTER (WHERE recency = 2) AS previous_close,
                       arg_min(day_open, day) AS first_open,
                       max(day_volume) FILTER (WHERE recency = 1) AS last_volume,
                       avg(day_volume) AS mean_volume, stddev_samp(day_volume) AS sd_volume
                FROM ranked GROUP BY symbol),
            last_day AS (
                SELECT b.symbol, ln(b.close / lag(b.close) OVER (PARTITION BY b.symbol ORDER BY b.ts)) AS log_return,
                       (b.high + b.low + b.close) / 3 AS typical_price, b.volume
                FROM bars b JOIN per_symbol p ON b.symbol = p.symbol AND b.day = p.last_day),
            intraday AS (
                SELECT symbol, stddev_samp(log_return) AS volatility,
                       sum(typical_price * volume) / nullif(sum(volume), 0) AS vwap
                FROM last_day GROUP BY symbol),
            per_symbol_context AS (
                SELECT p.symbol, p.bars, p.last_close, p.last_close / p.previous_close - 1 AS return_1d,
                       p.last_close / p.first_open - 1 AS return_7d, i.volatility, i.vwap,
                       (p.last_volume - p.mean_volume) / nullif(p.sd_volume, 0) AS volume_zscore
                FROM per_symbol p JOIN intraday i ON i.symbol = p.symbol)
            SELECT CAST(%1$s AS DATE) AS date, CAST(symbol AS VARCHAR) AS symbol, CAST(bars AS BIGINT) AS bars,
                   CAST(last_close AS DOUBLE) AS last_close, CAST(return_1d AS DOUBLE) AS return_1d,
                   CAST(return_7d AS DOUBLE) AS return_7d, CAST(volatility AS DOUBLE) AS volatility,
                   CAST(vwap AS DOUBLE) AS vwap, CAST(volume_zscore AS DOUBLE) AS volume_zscore,
                   CASE WHEN return_7d > %2$s THEN 'up' WHEN return_7d < -%2$s THEN 'down' ELSE 'flat' END AS trend,
                   CAST(avg(CASE WHEN return_1d > 0 THEN 1.0 WHEN return_1d IS NOT NULL THEN 0.0 END) OVER ()
                        AS DOUBLE) AS market_breadth,
                   CAST(avg(return_1d) OVER () AS DOUBLE) AS market_mean_return,
                   CAST(stddev_samp(return_1d) OVER () AS DOUBLE) AS market_dispersion
            FROM per_symbol_context
            """;

    /**
     * Writes the context of {@code inputs.window().date()} to {@code daily_context_<date>.parquet}
     * in {@code runDir} (atomically) and describes it.
     *
     * @throws NothingUsableException when no market bar in the window is usable
     */
    public ComputedContext compute(LocalInputs inputs, Path runDir) {
        PrepWindow window = inputs.window();
        List<String> skipped = new ArrayList<>(inputs.missing());
        try (Connection db = DuckDb.open(runDir.resolve("duckdb")); Statement s = db.createStatement()) {
            long rowsRead = loadMarket(db, inputs.market(), skipped);
            if (rowsRead == 0) {
                throw new NothingUsableException("no usable market bars for the context of " + window.date() + " in "
                        + window.firstMarketDate() + ".." + window.lastMarketDate() + (skipped.isEmpty()
                        ? ": market-data/ holds no file for those days" : "; skipped: " + String.join("; ", sorted(skipped))));
            }
            // Loading scans with every thread (insertion order is kept); the aggregation gets one, because parallel
            // aggregation sums floats in a varying order and a re-run must give identical bytes.
            s.execute("SET threads = 1");
            PatternStats patterns = patterns(db, inputs.patterns(), skipped);
            List<String> skippedSorted = sorted(skipped);
            s.execute("CREATE TABLE context AS " + String.format(Locale.ROOT, CONTEXT,
                    quote(window.date().value()), String.valueOf(TREND_THRESHOLD)));
            long rows = count(s, "SELECT count(*) FROM context");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("skipped", EventJson.write(skippedSorted));
            metadata.put("market_window", window.firstMarketDate() + ".." + window.lastMarketDate());
            metadata.put("market_files", String.valueOf(inputs.market().size()));
            metadata.put("rows_read", String.valueOf(rowsRead));
            metadata.put("pattern_days", String.valueOf(patterns.days()));
            metadata.put("pattern_rows", String.valueOf(patterns.rows()));
            Path file = new StagingDirectory(runDir).writeAtomically(StagingFiles.dailyContext(window.date()),
                    tmp -> s.execute("COPY (SELECT " + LakeTables.DAILY_CONTEXT.columnList() + " FROM context ORDER BY symbol) TO "
                            + DuckDb.literal(tmp)
                            + " (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA " + struct(metadata) + ")"));
            log(window, rows, rowsRead, patterns, skippedSorted);
            return new ComputedContext(window.date(), file.toString(), Lake.md5Of(file), rows, rowsRead, skippedSorted);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed computing the context of " + window.date() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the context of " + window.date() + " in " + runDir, e);
        }
    }

    /**
     * Loads every market file into table {@code bars}, drops invalid rows and names what was left
     * out; returns how many bars are usable.
     */
    private static long loadMarket(Connection db, List<MarketFile> files, List<String> skipped) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE bars (source VARCHAR, symbol VARCHAR, day DATE, ts TIMESTAMP, open DOUBLE,"
                    + " high DOUBLE, low DOUBLE, close DOUBLE, volume BIGINT)");
            if (!loadInOneScan(db, files, skipped)) {
                for (MarketFile file : files) {
                    load(db, file, skipped);
                }
            }
            dropInvalidRows(s, skipped);
            Set<String> withBars = strings(s, "SELECT DISTINCT symbol FROM bars");
            Set<Symbol> listed = new TreeSet<>();
            files.forEach(f -> listed.add(f.symbol()));
            for (Symbol symbol : listed) {
                if (!withBars.contains(symbol.value())) {
                    skipped.add(LakeKeys.marketDataPrefix(symbol) + " (no usable bars)");
                }
            }
            return count(s, "SELECT count(*) FROM bars");
        }
    }

    /**
     * Every file into {@code bars} with one {@code read_parquet} over the list, in the list's order
     * (DuckDB keeps insertion order by default), so the table holds the rows the file-by-file load would, in the same order, and
     * the output keeps its bytes. Only when every file is readable and has the same schema: the
     * multi-file reader would cast a file to the first one's types, and a bad file must be named on
     * its own, so anything else returns false having loaded nothing, and the files are loaded one by
     * one.
     */
    private static boolean loadInOneScan(Connection db, List<MarketFile> files, List<String> skipped) {
        if (files.size() < 2) {
            return false;
        }
        String list = files.stream().map(f -> DuckDb.literal(f.path())).collect(Collectors.joining(", ", "[", "]"));
        try (Statement s = db.createStatement()) {
            // The scan then reuses the footers the schema check has read rather than parsing them again.
            s.execute("SET parquet_metadata_cache = true");
            if (count(s, "SELECT CAST(count(*) = " + files.size() + " AND count(DISTINCT schema) = 1 AS BIGINT)"
                    + " FROM (SELECT file_name, string_agg(concat_ws(':', name, type, converted_type, logical_type), ','"
                    + " ORDER BY name) AS schema FROM parquet_schema(" + list + ") GROUP BY file_name)") != 1) {
                return false;
            }
            s.execute("CREATE TEMP TABLE market_files AS SELECT * FROM (VALUES " + marketFileRows(files)
                    + ") f(file_index, source, symbol, day)");
            s.executeUpdate("INSERT INTO bars SELECT f.source, f.symbol, f.day, CAST(p.ts AS TIMESTAMP),"
                    + " CAST(p.open AS DOUBLE), CAST(p.high AS DOUBLE), CAST(p.low AS DOUBLE), CAST(p.close AS DOUBLE),"
                    + " CAST(p.volume AS BIGINT) FROM read_parquet(" + list + ") p"
                    + " JOIN market_files f ON p.file_index = f.file_index");
            Set<String> withRows = strings(s, "SELECT DISTINCT source FROM bars");
            files.stream().filter(f -> !withRows.contains(f.key().value()))
                    .forEach(f -> skipped.add(f.key().value() + " (no bars)"));
            return true;
        } catch (SQLException e) {
            LOG.info("daily prep: loading the market files one by one ({})", firstLine(e.getMessage()));
            return false;
        }
    }

    /**
     * The files as SQL rows {@code (file_index, source, symbol, day)}, {@code file_index} being the
     * position in the list given to {@code read_parquet}: one statement (a batched insert costs a
     * round trip a row), and the bars join on an integer rather than on a path.
     */
    private static String marketFileRows(List<MarketFile> files) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            MarketFile file = files.get(i);
            rows.append(i == 0 ? "(" : ", (").append(i).append(", ").append(quote(file.key().value())).append(", ")
                    .append(quote(file.symbol().value())).append(", DATE ").append(quote(file.day().value())).append(')');
        }
        return rows.toString();
    }

    /**
     * One file into {@code bars}; a statement is atomic, so a file that fails leaves no rows behind.
     * Each attempt gets its own JDBC statement: DuckDB closes a statement whose query failed.
     */
    private static void load(Connection db, MarketFile file, List<String> skipped) {
        String sql = "INSERT INTO bars SELECT " + quote(file.key().value()) + ", " + quote(file.symbol().value())
                + ", DATE " + quote(file.day().value()) + ", CAST(ts AS TIMESTAMP), CAST(open AS DOUBLE),"
                + " CAST(high AS DOUBLE), CAST(low AS DOUBLE), CAST(close AS DOUBLE), CAST(volume AS BIGINT)"
                + " FROM read_parquet(" + DuckDb.literal(file.path()) + ")";
        try (Statement s = db.createStatement()) {
            if (s.executeUpdate(sql) == 0) {
                skipped.add(file.key().value() + " (no bars)");
            }
        } catch (SQLException e) {
            String reason = reason(e);
            LOG.warn("daily prep: skipping {} ({}): {}", file.key(), reason, firstLine(e.getMessage()));
            skipped.add(file.key().value() + " (" + reason + ")");
        }
    }

    /**
     * Reasons are fixed words, never DuckDB's message: that names the local path, which differs from
     * run to run, and the output must stay byte-identical when the input is.
     */
    static String reason(SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Binder Error")) {
            return "not market bars: missing columns";
        }
        if (message.contains("Conversion Error")) {
            return "not market bars: wrong column types";
        }
        return "unreadable Parquet";
    }

    private static void dropInvalidRows(Statement s, List<String> skipped) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT source, count(*) FROM bars WHERE NOT " + VALID
                + " GROUP BY source ORDER BY source")) {
            while (rs.next()) {
                skipped.add(rs.getString(1) + " (" + rs.getLong(2) + " invalid rows dropped)");
            }
        }
        s.execute("DELETE FROM bars WHERE NOT " + VALID);
    }

    record PatternStats(int days, long rows) {
    }

    /** Unified patterns are checked and counted; the agreed context has no pattern column. */
    private static PatternStats patterns(Connection db, List<PatternFile> files, List<String> skipped) {
        int days = 0;
        long rows = 0;
        for (PatternFile file : files) {
            try (Statement s = db.createStatement()) {
                rows += count(s, "SELECT count(*) FROM read_parquet(" + DuckDb.literal(file.path()) + ")");
                days++;
            } catch (SQLException e) {
                LOG.warn("daily prep: skipping {}: {}", file.key(), firstLine(e.getMessage()));
                skipped.add(file.key().value() + " (" + reason(e) + ")");
            }
        }
        return new PatternStats(days, rows);
    }

    private static void log(PrepWindow window, long rows, long rowsRead, PatternStats patterns, List<String> skipped) {
        if (skipped.isEmpty()) {
            LOG.info("daily prep {}: {} symbols from {} bars ({}..{}), {} pattern rows over {} days",
                    window.date(), rows, rowsRead, window.firstMarketDate(), window.lastMarketDate(), patterns.rows(),
                    patterns.days());
        } else {
            LOG.warn("daily prep {}: {} symbols from {} bars ({}..{}), {} pattern rows over {} days; skipped {}: {}",
                    window.date(), rows, rowsRead, window.firstMarketDate(), window.lastMarketDate(), patterns.rows(),
                    patterns.days(), skipped.size(), skipped);
        }
    }

    private static String struct(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append(": ").append(quote(v)));
        return out.append('}').toString();
    }

    private static String quote(String value) {
        return "'" + DuckDb.sqlString(value) + "'";
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> strings(Statement s, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
