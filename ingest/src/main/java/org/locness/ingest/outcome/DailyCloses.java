package org.locness.ingest.outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A symbol's daily closes from the lake: the last bar's close of each {@code market-data/<SYMBOL>/<date>.parquet}.
 * Files are downloaded {@value #CONCURRENT_GETS} at a time and read with DuckDB; each close is kept in a
 * bounded cache by object key and ETag, so the same day is read once however many jobs need it, and a
 * replaced file is read again. A file without a usable close (no rows, unreadable, a close that is not a
 * positive number) counts as a day without market data, logged: the outcome names it as missing rather
 * than guess. Used from one thread (the loop's); the downloads fan out internally.
 */
public final class DailyCloses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DailyCloses.class);
    static final int CONCURRENT_GETS = 4;
    static final int CACHE_SIZE = 4096;

    private final Lake lake;
    private final Path workDir;
    private final ExecutorService downloads;
    private final Map<Version, Optional<Double>> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Version, Optional<Double>> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private Connection duckdb;

    /** One stored content of a market-data object. */
    private record Version(ObjectKey key, String eTag) {
    }

    public DailyCloses(Lake lake, Path workDir) {
        this.lake = lake;
        this.workDir = workDir;
        AtomicInteger count = new AtomicInteger();
        this.downloads = Executors.newFixedThreadPool(CONCURRENT_GETS, r -> {
            Thread t = new Thread(r, "outcome-closes-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The closes of {@code symbol} on the days from {@code from} through {@code to} that have market data,
     * plus the first later day that has, if any (it tells a missing day from one not yet come).
     */
    public SortedMap<TradingDate, Double> closes(Symbol symbol, TradingDate from, TradingDate to) {
        TreeMap<TradingDate, ObjectInfo> files = new TreeMap<>();
        for (ObjectInfo info : lake.list(LakeKeys.marketDataPrefix(symbol))) {
            marketDay(info.key(), symbol).ifPresent(day -> files.put(day, info));
        }
        List<Map.Entry<TradingDate, ObjectInfo>> wanted = new ArrayList<>(files.subMap(from, true, to, true).entrySet());
        Optional.ofNullable(files.higherEntry(to)).ifPresent(wanted::add);

        List<Map.Entry<TradingDate, ObjectInfo>> toRead = wanted.stream()
                .filter(e -> !cache.containsKey(version(e.getValue()))).toList();
        List<Future<Downloaded>> pending = toRead.stream()
                .map(e -> downloads.submit(() -> download(e.getValue()))).toList();
        for (Future<Downloaded> future : pending) {
            Downloaded file = await(future);
            try {
                // Kept under the listed version: a stat's ETag may be quoted differently from a listing's.
                cache.put(version(file.listed()), lastClose(file));
            } finally {
                deleteQuietly(file.path());
            }
        }
        SortedMap<TradingDate, Double> closes = new TreeMap<>();
        for (Map.Entry<TradingDate, ObjectInfo> e : wanted) {
            Optional<Double> close = cache.getOrDefault(version(e.getValue()), Optional.empty());
            close.ifPresent(c -> closes.put(e.getKey(), c));
        }
        return closes;
    }

    private static Version version(ObjectInfo info) {
        return new Version(info.key(), info.eTag() == null ? null : info.eTag().replace("\"", ""));
    }

    private static Optional<TradingDate> marketDay(ObjectKey key, Symbol symbol) {
        try {
            return MarketDataFile.parse(key.value()).filter(f -> f.symbol().equals(symbol)).map(MarketDataFile::date);
        } catch (InvalidEventException e) {
            LOG.debug("ignoring {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    private record Downloaded(ObjectInfo listed, Path path) {
    }

    private Downloaded download(ObjectInfo listed) {
        // Named after the key: a download left behind by a failure is overwritten by the next one, never piled up.
        Path target = workDir.resolve(listed.key().value());
        lake.get(listed.key(), target);
        return new Downloaded(listed, target);
    }

    private Optional<Double> lastClose(Downloaded file) {
        String sql = "SELECT arg_max(close, ts) FROM read_parquet(" + DuckDb.literal(file.path()) + ")";
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            double close = rs.next() ? rs.getDouble(1) : Double.NaN;
            boolean absent = rs.wasNull();
            if (absent || !Double.isFinite(close) || close <= 0) {
                LOG.warn("{} has no usable close ({}): its day counts as missing", file.listed().key(),
                        absent ? "no bars" : close);
                return Optional.empty();
            }
            return Optional.of(close);
        } catch (SQLException e) {
            LOG.warn("{} is not readable market data ({}): its day counts as missing", file.listed().key(), e.getMessage());
            return Optional.empty();
        }
    }

    private Connection connection() throws SQLException {
        if (duckdb == null) {
            duckdb = DuckDb.open(workDir);
        }
        return duckdb;
    }

    private static Downloaded await(Future<Downloaded> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading market data", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.toString());
        }
    }

    /** Stops the downloads, closes DuckDB and deletes the work directory. */
    @Override
    public void close() {
        downloads.shutdownNow();
        try {
            if (duckdb != null) {
                duckdb.close();
            }
        } catch (SQLException e) {
            LOG.warn("closing DuckDB: {}", e.toString());
        }
        if (!Files.exists(workDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DailyCloses::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + workDir, e);
        }
    }
}
