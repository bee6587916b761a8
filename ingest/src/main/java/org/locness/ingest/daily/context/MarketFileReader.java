package org.locness.ingest.daily.context;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.lake.parquet.DuckDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reduces market files to their {@link DaySummary summaries} with DuckDB. The files are split into
 * parts read at once, each on a single-threaded DuckDB connection of its own ({@link PrepDuckDb}): a
 * file's summary depends on that file alone, and one thread keeps its float sums in time order, so
 * the bits do not depend on how the files were split. A part whose files are not all readable bars
 * is read file by file, and a file that cannot be read is named, with a reason in fixed words,
 * rather than summarized.
 */
final class MarketFileReader {
    private static final Logger LOG = LoggerFactory.getLogger(MarketFileReader.class);
    /** Below this many files a part is not worth a DuckDB of its own. */
    static final int MIN_FILES_PER_PART = 16;
    private static final long PARTS_GRACE_SECONDS = 60;

    /** A bar is usable when it is complete, finite, positive, consistent and on its file's day. */
    private static final String VALID = "coalesce(ts IS NOT NULL AND CAST(ts AS DATE) = day"
            + " AND isfinite(open) AND isfinite(high) AND isfinite(low) AND isfinite(close)"
            + " AND open > 0 AND high > 0 AND low > 0 AND close > 0 AND volume >= 0"
            + " AND low <= least(open, close) AND high >= greatest(open, close), false)";

    /**
     * Per file of a relation of bars {@code (file_index, day, ts, open, high, low, close, volume)}, the
     * index being the file's position in its list (an integer partitions faster than a key): its rows,
     * and over its usable ones in time order the summary's figures. Run on one thread: the sums' order
     * fixes their last bits. A log return is taken between usable bars only, and only on them
     * ({@code ln} refuses what an invalid bar may hold).
     */
    private static final String DAY_SUMMARIES = """
            SELECT file_index, count(*) AS rows, count(*) FILTER (WHERE valid) AS bars,
                   arg_min(open, ts) FILTER (WHERE valid) AS day_open, arg_max(close, ts) FILTER (WHERE valid) AS day_close,
                   CAST(sum(volume) FILTER (WHERE valid) AS DOUBLE) AS day_volume,
                   stddev_samp(log_return) FILTER (WHERE valid) AS volatility,
                   sum(typical_price * volume) FILTER (WHERE valid)
                       / nullif(sum(volume) FILTER (WHERE valid), 0) AS vwap
            FROM (SELECT file_index, valid, ts, open, close, volume,
                         CASE WHEN valid THEN ln(close / lag(close) OVER (PARTITION BY file_index, valid ORDER BY ts)) END
                             AS log_return,
                         (high + low + close) / 3 AS typical_price
                  FROM (SELECT *, %s AS valid FROM %s))
            GROUP BY file_index
            """;

    private final int parallelism;
    private final PrepDuckDb duckdb;

    /**
     * @param parallelism parts read at once, at least 1
     * @param duckdb where each part gets its connection
     */
    MarketFileReader(int parallelism, PrepDuckDb duckdb) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("the market files need at least one reader, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.duckdb = duckdb;
    }

    /** The summaries of what was read, and the names of what could not be, with their reasons. */
    record Read(List<MarketFile> files, List<DaySummary> summaries, List<String> skipped) {
    }

    /** Reads {@code files}, using directories under {@code workDir}; summaries come in the files' order. */
    Read read(List<MarketFile> files, Path workDir) throws SQLException {
        List<List<MarketFile>> parts = parts(files, parallelism);
        if (parts.size() <= 1) {
            return readPart(files, workDir.resolve("duckdb-read-0"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts.size(), r -> {
            Thread t = new Thread(r, "daily-prep-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Read>> reads = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                List<MarketFile> part = parts.get(i);
                Path dir = workDir.resolve("duckdb-read-" + i);
                reads.add(pool.submit(() -> readPart(part, dir)));
            }
            List<MarketFile> read = new ArrayList<>();
            List<DaySummary> summaries = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Future<Read> future : reads) {
                Read part = result(future);
                read.addAll(part.files());
                summaries.addAll(part.summaries());
                skipped.addAll(part.skipped());
            }
            return new Read(read, summaries, skipped);
        } finally {
            pool.shutdownNow();
            awaitParts(pool);
        }
    }

    /** A DuckDB query does not stop on interrupt; waiting keeps a failed read from leaving a part running. */
    private static void awaitParts(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(PARTS_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("daily prep: a market file reader still runs {} s after the read ended", PARTS_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Contiguous parts of at least {@link #MIN_FILES_PER_PART} files, at most {@code parallelism} of them. */
    static List<List<MarketFile>> parts(List<MarketFile> files, int parallelism) {
        int count = Math.max(1, Math.min(parallelism, files.size() / MIN_FILES_PER_PART));
        List<List<MarketFile>> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(files.subList(files.size() * i / count, files.size() * (i + 1) / count));
        }
        return parts;
    }

    private static Read result(Future<Read> future) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the market files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Summarizes {@code files} on a connection of their own: straight from one scan over them all, or,
     * when that cannot be, after loading them one by one into table {@code bars}.
     */
    private Read readPart(List<MarketFile> files, Path dbDir) throws SQLException {
        if (files.isEmpty()) {
            return new Read(List.of(), List.of(), List.of());
        }
        try (Connection db = duckdb.connect(dbDir)) {
            Optional<Read> scanned = readInOneScan(db, files);
            if (scanned.isPresent()) {
                return scanned.get();
            }
            List<String> skipped = new ArrayList<>();
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TEMP TABLE bars (file_index INTEGER, day DATE, ts TIMESTAMP, open DOUBLE, high DOUBLE,"
                        + " low DOUBLE, close DOUBLE, volume BIGINT)");
            }
            List<Integer> loaded = IntStream.range(0, files.size()).filter(i -> load(db, files.get(i), i, skipped))
                    .boxed().toList();
            List<DaySummary> summaries = summarize(db, files, "bars");
            return new Read(loaded.stream().map(files::get).toList(), loaded.stream().map(summaries::get).toList(),
                    skipped);
        }
    }

    /**
     * The summaries of {@code files}, in their order, from the bars of {@code relation}; a file with no
     * row there gets a summary of none.
     */
    private static List<DaySummary> summarize(Connection db, List<MarketFile> files, String relation) throws SQLException {
        DaySummary[] summaries = new DaySummary[files.size()];
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(String.format(Locale.ROOT, DAY_SUMMARIES, VALID, relation))) {
            while (rs.next()) {
                int index = rs.getInt("file_index");
                MarketFile file = files.get(index);
                summaries[index] = new DaySummary(file.key(), file.symbol(), file.day(), rs.getLong("rows"),
                        rs.getLong("bars"), doubleOrNull(rs, "day_open"), doubleOrNull(rs, "day_close"),
                        doubleOrNull(rs, "day_volume"), doubleOrNull(rs, "volatility"), doubleOrNull(rs, "vwap"));
            }
        }
        for (int i = 0; i < summaries.length; i++) {
            MarketFile file = files.get(i);
            if (summaries[i] == null) {
                summaries[i] = DaySummary.withoutBars(file.key(), file.symbol(), file.day(), 0);
            }
        }
        return List.of(summaries);
    }

    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * Every file summarized straight from one {@code read_parquet} over the list, with the figures
     * the file-by-file load would give. Only when every file is readable and has the same schema: the
     * multi-file reader would cast a file to the first one's types, and a bad file must be named on
     * its own, so anything else gives nothing, and the files are loaded one by one.
     */
    private static Optional<Read> readInOneScan(Connection db, List<MarketFile> files) {
        if (files.size() < 2) {
            return Optional.empty();
        }
        String list = files.stream().map(f -> DuckDb.literal(f.path())).collect(Collectors.joining(", ", "[", "]"));
        try (Statement s = db.createStatement()) {
            if (DuckDb.count(s, "SELECT CAST(count(*) = " + files.size() + " AND count(DISTINCT schema) = 1 AS BIGINT)"
                    + " FROM (SELECT file_name, string_agg(concat_ws(':', name, type, converted_type, logical_type), ','"
                    + " ORDER BY name) AS schema FROM parquet_schema(" + list + ") GROUP BY file_name)") != 1) {
                return Optional.empty();
            }
            s.execute("CREATE TEMP TABLE market_files AS SELECT * FROM (VALUES " + marketFileRows(files)
                    + ") f(file_index, day)");
            return Optional.of(new Read(files, summarize(db, files, "(SELECT f.file_index, f.day, CAST(p.ts AS TIMESTAMP) AS ts,"
                    + " CAST(p.open AS DOUBLE) AS open, CAST(p.high AS DOUBLE) AS high, CAST(p.low AS DOUBLE) AS low,"
                    + " CAST(p.close AS DOUBLE) AS close, CAST(p.volume AS BIGINT) AS volume FROM read_parquet(" + list
                    + ") p JOIN market_files f ON p.file_index = f.file_index)"), List.of()));
        } catch (SQLException e) {
            LOG.info("daily prep: loading the market files one by one ({})", DuckDb.firstLine(e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * The files as SQL rows {@code (file_index, day)}, {@code file_index} being the position in the list
     * given to {@code read_parquet}: one statement (a batched insert costs a round trip a row).
     */
    private static String marketFileRows(List<MarketFile> files) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            MarketFile file = files.get(i);
            rows.append(i == 0 ? "(" : ", (").append(i).append(", DATE ").append(DuckDb.literal(file.day().value())).append(')');
        }
        return rows.toString();
    }

    /**
     * One file into {@code bars} as file {@code index}; a statement is atomic, so a file that fails
     * leaves no rows behind. Each attempt gets its own JDBC statement: DuckDB closes a statement whose
     * query failed.
     */
    private static boolean load(Connection db, MarketFile file, int index, List<String> skipped) {
        String sql = "INSERT INTO bars SELECT " + index + ", DATE " + DuckDb.literal(file.day().value())
                + ", CAST(ts AS TIMESTAMP), CAST(open AS DOUBLE),"
                + " CAST(high AS DOUBLE), CAST(low AS DOUBLE), CAST(close AS DOUBLE), CAST(volume AS BIGINT)"
                + " FROM read_parquet(" + DuckDb.literal(file.path()) + ")";
        try (Statement s = db.createStatement()) {
            s.executeUpdate(sql);
            return true;
        } catch (SQLException e) {
            String reason = reason(e);
            LOG.warn("daily prep: skipping {} ({}): {}", file.key(), reason, DuckDb.firstLine(e.getMessage()));
            skipped.add(file.key().value() + " (" + reason + ")");
            return false;
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
}
