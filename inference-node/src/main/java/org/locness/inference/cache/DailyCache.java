package org.locness.inference.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.inference.cache.CacheMetrics.CachedFile;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.staging.StagingDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local copies of the daily context ({@code daily-prepared/<d>.parquet} as versions of
 * {@code daily_context_<d>.parquet}) and of the unified patterns ({@code patterns/<d>/unified.parquet} as
 * versions of {@code patterns_<d>.parquet}), named after the date in the lake key, not the job's date: a
 * job may be given an earlier day's context, and caching it under the job's date would hide the real one
 * later.
 *
 * <p>Jobs fetch a file only when no version of it is there, and hold the newest version while they read
 * it. The refresh consumer fetches on every announcement and writes a new version beside the old ones
 * ({@link CacheVersions}), so a new version of a day's patterns (the merger rewrites the same key all day)
 * or a re-run daily prep reaches the next job, while a job reading the old version keeps an unchanged
 * file until it lets go. Between a new version and its announcement being handled, jobs use the previous
 * one. Processes of one node share the directory; a race only costs a second download.
 */
public final class DailyCache {
    private static final Logger LOG = LoggerFactory.getLogger(DailyCache.class);
    private static final String UNIFIED = "/unified.parquet";
    private static final String PARQUET = ".parquet";
    /** How long a superseded version stays for readers of the node's other processes; a read takes ms. */
    static final Duration SUPERSEDED_GRACE = Duration.ofMinutes(5);

    private final StagingDirectory staging;
    private final Lake lake;
    private final CacheMetrics metrics;
    private final CacheVersions versions;
    private final FetchLocks locks = new FetchLocks();
    private final Consumer<Path> newVersions;

    public DailyCache(StagingDirectory staging, Lake lake, CacheMetrics metrics) {
        this(staging, lake, metrics, version -> { });
    }

    /** {@code newVersions} hears of each version this process puts in place, so what was read from older ones can go. */
    public DailyCache(StagingDirectory staging, Lake lake, CacheMetrics metrics, Consumer<Path> newVersions) {
        this(staging, lake, metrics, SUPERSEDED_GRACE, Clock.systemUTC(), newVersions);
    }

    DailyCache(StagingDirectory staging, Lake lake, CacheMetrics metrics, Duration supersededGrace, Clock clock,
            Consumer<Path> newVersions) {
        this.staging = staging;
        this.lake = lake;
        this.metrics = metrics;
        this.versions = new CacheVersions(staging, supersededGrace, clock);
        this.newVersions = newVersions;
    }

    /** A cached file held for reading: not deleted before it is closed. None if the job names no such file. */
    public static final class Copy implements AutoCloseable {
        static final Copy NONE = new Copy(null);
        private final CacheVersions.Held held;

        private Copy(CacheVersions.Held held) {
            this.held = held;
        }

        public Optional<Path> path() {
            return held == null ? Optional.empty() : Optional.of(held.path());
        }

        @Override
        public void close() {
            if (held != null) {
                held.close();
            }
        }
    }

    /**
     * The daily file a version file is of ({@code patterns_<d>.parquet} for {@code patterns_<d>.<n>-<writer>.parquet});
     * empty for any other file.
     */
    public static Optional<String> cachedFileOf(Path version) {
        return CacheVersions.parse(version).map(v -> v.stem() + PARQUET);
    }

    /** The date of {@code daily-prepared/<date>.parquet}; any other key is refused. */
    static TradingDate contextDate(ObjectKey key) {
        return dateOf("contextKey", key, LakeKeys.DAILY_PREPARED, PARQUET, LakeKeys::dailyPrepared);
    }

    /** The date of {@code patterns/<date>/unified.parquet}; any other key is refused. */
    static TradingDate patternsDate(ObjectKey key) {
        return dateOf("patternsKey", key, LakeKeys.PATTERNS, UNIFIED, LakeKeys::unifiedPatterns);
    }

    private static TradingDate dateOf(String field, ObjectKey key, String prefix, String suffix,
            Function<TradingDate, ObjectKey> build) {
        String value = key.value();
        if (value.startsWith(prefix) && value.endsWith(suffix) && value.length() > prefix.length() + suffix.length()) {
            try {
                TradingDate date = TradingDate.of(value.substring(prefix.length(), value.length() - suffix.length()));
                if (build.apply(date).equals(key)) {
                    return date;
                }
            } catch (InvalidEventException notADate) {
                // Reported below with the layout the key should have.
            }
        }
        throw new InvalidEventException(field, "'" + key + "' is not " + prefix + "<date>" + suffix);
    }

    /**
     * The newest local copy of a job's context, held until closed, fetched if there is none;
     * {@link Copy#NONE} if the job names none or the lake no longer has it.
     */
    public Copy context(ObjectKey key) throws IOException {
        return key == null ? Copy.NONE : lookup(CachedFile.CONTEXT, StagingFiles.dailyContext(contextDate(key)), key);
    }

    /**
     * The newest local copy of a job's unified patterns, held until closed, fetched if there is none;
     * {@link Copy#NONE} if the job names none or the lake no longer has it.
     */
    public Copy patterns(ObjectKey key) throws IOException {
        return key == null ? Copy.NONE : lookup(CachedFile.PATTERNS, StagingFiles.patterns(patternsDate(key)), key);
    }

    /** Fetches a day's context again as a new version; empty if the lake does not have it. */
    Optional<Path> refreshContext(TradingDate date, ObjectKey key) throws IOException {
        requireKey("key", key, LakeKeys.dailyPrepared(date));
        return refresh(StagingFiles.dailyContext(date), key);
    }

    /** Fetches a day's unified patterns again as a new version; empty if the lake does not have it. */
    Optional<Path> refreshPatterns(TradingDate date, ObjectKey key) throws IOException {
        requireKey("key", key, LakeKeys.unifiedPatterns(date));
        return refresh(StagingFiles.patterns(date), key);
    }

    /**
     * Deletes the cached files of days before {@code keepFrom} that no job of this process reads, and
     * the superseded versions of later days that may go.
     */
    public List<Path> removeDaysBefore(TradingDate keepFrom) throws IOException {
        List<Path> removed = new ArrayList<>(versions.removeDaysBefore(keepFrom));
        // Copies cached under the plain names before versions existed.
        removed.addAll(staging.cleanDailyCaches(keepFrom));
        return removed;
    }

    private static void requireKey(String field, ObjectKey key, ObjectKey expected) {
        if (!key.equals(expected)) {
            throw new InvalidEventException(field, "'" + key + "' is not the day's object " + expected);
        }
    }

    private Copy lookup(CachedFile file, String name, ObjectKey key) throws IOException {
        Optional<CacheVersions.Held> held = versions.holdNewest(name);
        boolean hit = true;
        if (held.isEmpty()) {
            try {
                synchronized (locks.of(name)) {
                    // Another model of this process may have fetched it while this one waited.
                    held = versions.holdNewest(name);
                    if (held.isEmpty()) {
                        newVersions.accept(versions.publish(name, temp -> lake.get(key, temp)));
                        hit = false;
                        held = versions.holdNewest(name);
                    }
                }
            } catch (IOException e) {
                if (LakeException.isPermanent(e)) {
                    LOG.warn("{} cannot be fetched ({}); going on without it", key, e.getCause().getMessage());
                    return Copy.NONE;
                }
                throw e;
            }
        }
        metrics.cache(file, hit);
        return new Copy(held.orElseThrow(() -> new IOException(name + " vanished right after its download")));
    }

    private Optional<Path> refresh(String name, ObjectKey key) throws IOException {
        try {
            Path path;
            synchronized (locks.of(name)) {
                path = versions.publish(name, temp -> lake.get(key, temp));
            }
            newVersions.accept(path);
            LOG.info("cached {} as {}", key, path.getFileName());
            return Optional.of(path);
        } catch (IOException e) {
            if (LakeException.isPermanent(e)) {
                LOG.warn("announced {} cannot be fetched ({}); leaving the cache as it is", key, e.getCause().getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }
}
