package org.locness.inference.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.inference.node.NodeMetrics.CachedFile;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.staging.StagingDirectory;
import org.locness.lake.staging.StagingDirectory.CacheResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local copies of the daily context ({@code daily-prepared/<d>.parquet} as
 * {@code daily_context_<d>.parquet}) and of the unified patterns ({@code patterns/<d>/unified.parquet} as
 * {@code patterns_<d>.parquet}), named after the date in the lake key, not the job's date: a job may be
 * given an earlier day's context, and caching it under the job's date would hide the real one later.
 *
 * <p>Jobs fetch a file only when it is missing. The refresh consumer fetches on every announcement and
 * replaces the local copy by an atomic rename, so a new version of a day's patterns (the merger rewrites
 * the same key all day) or a re-run daily prep reaches the next job; readers holding the old file keep
 * reading it. Between a new version and its announcement being handled, jobs use the previous one.
 * Processes of one node share the directory; a race only costs a second download.
 */
final class DailyCache {
    private static final Logger LOG = LoggerFactory.getLogger(DailyCache.class);
    private static final String UNIFIED = "/unified.parquet";
    private static final String PARQUET = ".parquet";

    private final StagingDirectory staging;
    private final Lake lake;
    private final NodeMetrics metrics;
    private final FetchLocks locks = new FetchLocks();

    DailyCache(StagingDirectory staging, Lake lake, NodeMetrics metrics) {
        this.staging = staging;
        this.lake = lake;
        this.metrics = metrics;
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

    /** The local copy of a job's context, fetched if missing; empty if the lake no longer has it. */
    Optional<Path> context(ObjectKey key) throws IOException {
        return lookup(CachedFile.CONTEXT, StagingFiles.dailyContext(contextDate(key)), key);
    }

    /** The local copy of a job's unified patterns, fetched if missing; empty if the lake no longer has it. */
    Optional<Path> patterns(ObjectKey key) throws IOException {
        return lookup(CachedFile.PATTERNS, StagingFiles.patterns(patternsDate(key)), key);
    }

    /** Fetches a day's context again, replacing the local copy; empty if the lake does not have it. */
    Optional<Path> refreshContext(TradingDate date, ObjectKey key) throws IOException {
        requireKey("key", key, LakeKeys.dailyPrepared(date));
        return refresh(StagingFiles.dailyContext(date), key);
    }

    /** Fetches a day's unified patterns again, replacing the local copy; empty if the lake does not have it. */
    Optional<Path> refreshPatterns(TradingDate date, ObjectKey key) throws IOException {
        requireKey("key", key, LakeKeys.unifiedPatterns(date));
        return refresh(StagingFiles.patterns(date), key);
    }

    private static void requireKey(String field, ObjectKey key, ObjectKey expected) {
        if (!key.equals(expected)) {
            throw new InvalidEventException(field, "'" + key + "' is not the day's object " + expected);
        }
    }

    private Optional<Path> lookup(CachedFile file, String name, ObjectKey key) throws IOException {
        try {
            CacheResult result;
            synchronized (locks.of(name)) {
                result = staging.cached(name, temp -> lake.get(key, temp));
            }
            metrics.cache(file, result.hit());
            return Optional.of(result.path());
        } catch (IOException e) {
            if (isPermanent(e)) {
                LOG.warn("{} cannot be fetched ({}); going on without it", key, e.getCause().getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<Path> refresh(String name, ObjectKey key) throws IOException {
        try {
            Path path = staging.writeAtomically(name, temp -> lake.get(key, temp));
            LOG.info("cached {} as {}", key, path.getFileName());
            return Optional.of(path);
        } catch (IOException e) {
            if (isPermanent(e)) {
                LOG.warn("announced {} cannot be fetched ({}); leaving the cache as it is", key, e.getCause().getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A lake failure that retrying will not fix (no such key, access denied), wrapped by the atomic write. */
    static boolean isPermanent(IOException e) {
        return e.getCause() instanceof LakeException lakeFailure && !lakeFailure.isTransient();
    }
}
