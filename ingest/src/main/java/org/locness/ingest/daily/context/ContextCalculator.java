package org.locness.ingest.daily.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.locness.events.id.Symbol;
import org.locness.events.json.EventJson;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.StagingFiles;
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
 * <p>Each market file is first reduced to a {@link DaySummary} (one per symbol-day), and the context
 * is computed from the summaries; a file whose summary the {@link SummaryCache} holds at its lake
 * version is not read again, so a daily run reads only the day that has just ended. The files are
 * read in parallel parts ({@link MarketFileReader}). The bytes are the same whichever way: each float
 * sum runs on one thread, in time order within a file and in symbol order across the market.
 *
 * <p>Bad input never stops the prep: unreadable files, files without the bar columns, invalid rows
 * and symbols left with no bars are named in the output's {@code skipped} key-value metadata (a
 * JSON array) and in the result; only a window without a single usable bar fails.
 */
public final class ContextCalculator {
    private static final Logger LOG = LoggerFactory.getLogger(ContextCalculator.class);
    static final double TREND_THRESHOLD = 0.01;
    /** Where a connection's {@code TEMP} tables live. */
    private static final String TEMP_CATALOG = "temp";

    private static final String CONTEXT = """
            WITH per_day AS (
                SELECT symbol, day, bars, day_open, day_close, day_volume FROM days WHERE bars > 0),
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
            intraday AS (
                SELECT d.symbol, d.volatility, d.vwap FROM days d JOIN per_symbol p ON d.symbol = p.symbol AND d.day = p.last_day),
            per_symbol_context AS (
                SELECT p.symbol, p.bars, p.last_close, p.last_close / p.previous_close - 1 AS return_1d,
                       p.last_close / p.first_open - 1 AS return_7d, i.volatility, i.vwap,
                       (p.last_volume - p.mean_volume) / nullif(p.sd_volume, 0) AS volume_zscore
                FROM per_symbol p JOIN intraday i ON i.symbol = p.symbol),
            returns AS (
                SELECT list(return_1d ORDER BY symbol) FILTER (WHERE return_1d IS NOT NULL) AS by_symbol
                FROM per_symbol_context),
            market AS (
                SELECT CAST(list_aggregate(list_transform(by_symbol, r -> CASE WHEN r > 0 THEN 1.0 ELSE 0.0 END), 'avg')
                            AS DOUBLE) AS market_breadth,
                       CAST(list_aggregate(by_symbol, 'avg') AS DOUBLE) AS market_mean_return,
                       CAST(list_aggregate(by_symbol, 'stddev_samp') AS DOUBLE) AS market_dispersion
                FROM returns)
            SELECT CAST(%1$s AS DATE) AS date, CAST(symbol AS VARCHAR) AS symbol, CAST(bars AS BIGINT) AS bars,
                   CAST(last_close AS DOUBLE) AS last_close, CAST(return_1d AS DOUBLE) AS return_1d,
                   CAST(return_7d AS DOUBLE) AS return_7d, CAST(volatility AS DOUBLE) AS volatility,
                   CAST(vwap AS DOUBLE) AS vwap, CAST(volume_zscore AS DOUBLE) AS volume_zscore,
                   CASE WHEN return_7d > %2$s THEN 'up' WHEN return_7d < -%2$s THEN 'down' ELSE 'flat' END AS trend,
                   market_breadth, market_mean_return, market_dispersion
            FROM per_symbol_context CROSS JOIN market
            """;

    private static final Comparator<DaySummary> IN_TABLE_ORDER = Comparator
            .comparing((DaySummary d) -> d.symbol().value()).thenComparing(d -> d.day().value());

    private final SummaryCache summaries;
    private final PrepDuckDb duckdb;
    private final MarketFileReader reader;

    /** A calculator that keeps nothing between computes, not even a database. */
    public ContextCalculator() {
        this(new SummaryCache(0));
    }

    /**
     * A calculator that adds the summary of every file it reads to {@code summaries}; it reads on every
     * CPU, each compute in databases of its own.
     */
    public ContextCalculator(SummaryCache summaries) {
        this(summaries, PrepDuckDb.perUse());
    }

    /** As {@link #ContextCalculator(SummaryCache)}, computing on connections to {@code duckdb}. */
    public ContextCalculator(SummaryCache summaries, PrepDuckDb duckdb) {
        this(summaries, duckdb, Runtime.getRuntime().availableProcessors());
    }

    ContextCalculator(SummaryCache summaries, int readers) {
        this(summaries, PrepDuckDb.perUse(), readers);
    }

    ContextCalculator(SummaryCache summaries, PrepDuckDb duckdb, int readers) {
        this.summaries = summaries;
        this.duckdb = duckdb;
        this.reader = new MarketFileReader(readers, duckdb);
    }

    /**
     * Writes the context of {@code inputs.window().date()} to {@code daily_context_<date>.parquet}
     * in {@code runDir} (atomically) and describes it.
     *
     * @throws NothingUsableException when no market bar in the window is usable
     */
    public ComputedContext compute(LocalInputs inputs, Path runDir) {
        PrepWindow window = inputs.window();
        List<String> skipped = new ArrayList<>(inputs.missing());
        try (Connection db = duckdb.connect(runDir.resolve("duckdb")); Statement s = db.createStatement()) {
            MarketFileReader.Read read = reader.read(inputs.market(), runDir);
            for (int i = 0; i < read.files().size(); i++) {
                summaries.put(read.files().get(i).version(), read.summaries().get(i));
            }
            skipped.addAll(read.skipped());
            List<DaySummary> days = new ArrayList<>(inputs.summarized());
            days.addAll(read.summaries());
            Set<Symbol> listed = new TreeSet<>();
            inputs.market().forEach(f -> listed.add(f.symbol()));
            inputs.summarized().forEach(d -> listed.add(d.symbol()));
            skipped.addAll(leftOut(days, listed));
            long rowsRead = days.stream().mapToLong(DaySummary::bars).sum();
            if (rowsRead == 0) {
                throw new NothingUsableException("no usable market bars for the context of " + window.date() + " in "
                        + window.firstMarketDate() + ".." + window.lastMarketDate() + (skipped.isEmpty()
                        ? ": market-data/ holds no file for those days" : "; skipped: " + String.join("; ", sorted(skipped))));
            }
            insertDays(db, days);
            PatternStats patterns = patterns(db, inputs.patterns(), skipped);
            List<String> skippedSorted = sorted(skipped);
            s.execute("CREATE TEMP TABLE context AS " + String.format(Locale.ROOT, CONTEXT,
                    DuckDb.literal(window.date().value()), String.valueOf(TREND_THRESHOLD)));
            long rows = DuckDb.count(s, "SELECT count(*) FROM context");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("skipped", EventJson.write(skippedSorted));
            metadata.put("market_window", window.firstMarketDate() + ".." + window.lastMarketDate());
            metadata.put("market_files", String.valueOf(inputs.market().size() + inputs.summarized().size()));
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
     * What the summaries leave out, in fixed words: files without a row, files with invalid rows, and
     * listed symbols without a single usable bar.
     */
    static List<String> leftOut(List<DaySummary> days, Set<Symbol> listed) {
        List<String> out = new ArrayList<>();
        Set<Symbol> withBars = new HashSet<>();
        for (DaySummary day : days) {
            if (day.rows() == 0) {
                out.add(day.source().value() + " (no bars)");
            } else if (day.invalidRows() > 0) {
                out.add(day.source().value() + " (" + day.invalidRows() + " invalid rows dropped)");
            }
            if (day.bars() > 0) {
                withBars.add(day.symbol());
            }
        }
        for (Symbol symbol : listed) {
            if (!withBars.contains(symbol)) {
                out.add(LakeKeys.marketDataPrefix(symbol) + " (no usable bars)");
            }
        }
        return out;
    }

    /**
     * The summaries as temporary table {@code days}, appended natively so every double keeps its bits,
     * in one order (symbol, day) wherever they came from: the joins pass rows on in the order they
     * arrive, and the market-wide sums must see them in the same order on every run.
     */
    private static void insertDays(Connection db, List<DaySummary> unordered) throws SQLException {
        List<DaySummary> days = unordered.stream().sorted(IN_TABLE_ORDER).toList();
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TEMP TABLE days (source VARCHAR, symbol VARCHAR, day DATE, bars BIGINT, day_open DOUBLE,"
                    + " day_close DOUBLE, day_volume DOUBLE, volatility DOUBLE, vwap DOUBLE)");
        }
        try (DuckDBAppender appender = db.unwrap(DuckDBConnection.class).createAppender(TEMP_CATALOG,
                DuckDBConnection.DEFAULT_SCHEMA, "days")) {
            for (DaySummary day : days) {
                appender.beginRow().append(day.source().value()).append(day.symbol().value())
                        .append(LocalDate.parse(day.day().value())).append(day.bars()).append(day.open())
                        .append(day.close()).append(day.volume()).append(day.volatility()).append(day.vwap()).endRow();
            }
        }
    }

    record PatternStats(int days, long rows) {
    }

    /** Unified patterns are checked and counted; the agreed context has no pattern column. */
    private static PatternStats patterns(Connection db, List<PatternFile> files, List<String> skipped) {
        int days = 0;
        long rows = 0;
        for (PatternFile file : files) {
            try (Statement s = db.createStatement()) {
                rows += DuckDb.count(s, "SELECT count(*) FROM read_parquet(" + DuckDb.literal(file.path()) + ")");
                days++;
            } catch (SQLException e) {
                LOG.warn("daily prep: skipping {}: {}", file.key(), DuckDb.firstLine(e.getMessage()));
                skipped.add(file.key().value() + " (" + MarketFileReader.reason(e) + ")");
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
        values.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append(": ").append(DuckDb.literal(v)));
        return out.append('}').toString();
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
