package org.locness.inference.day;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.inference.cache.CacheMetrics;
import org.locness.inference.prompt.BarStatistics;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's days of market data, each read once per process and kept in memory as bar statistics. The
 * first job whose input is a {@code market-data/<symbol>/<date>.parquet} of a day not read yet starts,
 * on a background thread, a read of that day's file of every symbol ({@link MarketDayReader}); that job
 * and any before the read ends fetch their own input as before, and the day's later jobs take their
 * statistics from here, with no download and no DuckDB read.
 *
 * <p>Each statistic is kept with the ETag of the object it was read from. The job asks the lake for the
 * object's ETag while its model works and, if the object was replaced since, forgets the statistic and
 * reads its input again ({@link #forget}). At most {@code days} days are kept, the oldest going first
 * (none: every job reads its own input); a day whose read failed is read again by its next job.
 */
public final class MarketDays implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketDays.class);

    /** Statistics of a market-data object, and the ETag of the version they were computed from. */
    public record Known(String eTag, BarStatistics statistics) {
    }

    private final MarketDayReader reader;
    private final int days;
    private final CacheMetrics metrics;
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "market-day-reader");
        thread.setDaemon(true);
        return thread;
    });
    /** Days read, oldest first; guarded by {@code this}. */
    private final LinkedHashMap<TradingDate, Map<ObjectKey, Known>> read = new LinkedHashMap<>();
    /** Days being read; guarded by {@code this}. */
    private final Set<TradingDate> reading = new HashSet<>();

    MarketDays(MarketDayReader reader, int days, CacheMetrics metrics) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, got " + days);
        }
        this.reader = reader;
        this.days = days;
        this.metrics = metrics;
    }

    /** At most {@code days} days of market data, read through {@code lake} with scratch files under {@code workDir}. */
    public static MarketDays of(Lake lake, Path workDir, int days, CacheMetrics metrics) {
        return new MarketDays(new MarketDayReader(lake, workDir), days, metrics);
    }

    /**
     * The statistics of {@code symbol}'s bars in {@code key}, if its day was read; if the key is market
     * data of a day neither read nor being read, that day's read starts in the background.
     */
    public synchronized Optional<Known> known(Symbol symbol, ObjectKey key) {
        Optional<TradingDate> date = LakeKeys.marketDataDate(symbol, key);
        if (date.isEmpty() || days == 0) {
            return Optional.empty();
        }
        Map<ObjectKey, Known> day = read.get(date.get());
        if (day != null) {
            Optional<Known> known = Optional.ofNullable(day.get(key));
            metrics.cache(CacheMetrics.CachedFile.MARKET_DAY, known.isPresent());
            return known;
        }
        if (reading.add(date.get())) {
            background.execute(() -> readDay(date.get()));
        }
        metrics.cache(CacheMetrics.CachedFile.MARKET_DAY, false);
        return Optional.empty();
    }

    /** The object was replaced since its day was read: its job reads it again, and so will the next. */
    public synchronized void forget(Symbol symbol, ObjectKey key) {
        LakeKeys.marketDataDate(symbol, key).map(read::get).ifPresent(day -> day.remove(key));
    }

    private void readDay(TradingDate date) {
        long start = System.nanoTime();
        try {
            Map<ObjectKey, Known> statistics = reader.read(date);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            synchronized (this) {
                read.put(date, new HashMap<>(statistics));
                while (read.size() > days) {
                    read.remove(read.keySet().iterator().next());
                }
            }
            metrics.marketDayRead(took, statistics.size());
            LOG.info("market day {}: bar statistics of {} file(s) read in {} ms", date.value(), statistics.size(),
                    took.toMillis());
        } catch (Exception e) {
            LOG.warn("market day {}: read failed, its jobs read their own inputs: {}", date.value(), e.getMessage());
        } finally {
            synchronized (this) {
                reading.remove(date);
            }
        }
    }

    /** Stops a read in progress; its day is not kept. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
