package org.locness.inference.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.locness.events.id.ObjectKey;
import org.locness.events.job.JobReady;
import org.locness.events.lake.StagingFiles;
import org.locness.inference.cache.CacheMetrics;
import org.locness.inference.cache.CacheMetrics.CachedFile;
import org.locness.inference.cache.FetchLocks;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.s3.ObjectBytes;
import org.locness.lake.staging.StagingDirectory;
import org.locness.lake.staging.StagingDirectory.CacheResult;

/**
 * Makes a job's input local as one file, {@code input_<jobId>_<symbol>.parquet}, the only input name
 * the sweeper's orphan sweep knows how to clean up. One input key is downloaded as it is; several
 * (a symbol's pre-swept files) are downloaded into the work directory and merged into that one file
 * with DuckDB (columns matched by name). Every model of the node shares the file: the models of one
 * process wait for one download, and of two processes racing for it (one pod per model on K3s) the
 * first to publish wins; a published input is never replaced under a reader.
 *
 * <p>The bytes of a one-key input are kept in memory: the day's jobs of a symbol read the same
 * market-data object, each under its own job id. A later job's input is then written ahead from
 * them, at once, while the lake is asked beside the forward pass whether the object still has the
 * ETag it was read with ({@link JobInput#current}); only then is the file published under the job's
 * name, so no process reads a stale input there. If the object changed, its bytes are forgotten and
 * the caller downloads the input with {@link #downloaded}.
 *
 * <p>A published input is not synced to disk ({@link StagingDirectory#cached}): an input the caller
 * cannot read that it did not download itself ({@link JobInput#reused}) is fetched again with
 * {@link #again}.
 */
public final class JobInputs {
    /** How many bytes of inputs a process keeps, the least recently used going first; a symbol's day is ~100 KB. */
    static final long KEPT_BYTES = 64L * 1024 * 1024;

    private final StagingDirectory staging;
    private final Lake lake;
    private final Path workDir;
    private final CacheMetrics metrics;
    private final long keptBytesBound;
    private final FetchLocks locks = new FetchLocks();
    /** Where kept inputs are checked against the lake, beside the forward passes. */
    private final ExecutorService checks = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "input-check");
        thread.setDaemon(true);
        return thread;
    });
    /** In access order; guarded by itself. */
    private final LinkedHashMap<ObjectKey, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long keptBytes;

    /** An object's bytes as one GET served them, and their digest. */
    private record Kept(ObjectBytes object, String digest) {
    }

    public JobInputs(StagingDirectory staging, Lake lake, Path workDir, CacheMetrics metrics) {
        this(staging, lake, workDir, metrics, KEPT_BYTES);
    }

    JobInputs(StagingDirectory staging, Lake lake, Path workDir, CacheMetrics metrics, long keptBytesBound) {
        this.staging = staging;
        this.lake = lake;
        this.workDir = workDir;
        this.metrics = metrics;
        this.keptBytesBound = keptBytesBound;
    }

    /**
     * The job's local input: in place, written ahead from kept bytes, or downloaded.
     *
     * @throws ModelFailure if the lake refuses an input for good ({@link FailureKind#INPUT_UNAVAILABLE})
     *     or the parts cannot be merged as Parquet ({@link FailureKind#BAD_INPUT})
     * @throws IOException on a failure worth retrying (lake unreachable, disk)
     */
    JobInput local(JobReady job) throws IOException, ModelFailure {
        return local(job, true);
    }

    /** The job's input from the lake now, or as another process published it: never from kept bytes. */
    JobInput downloaded(JobReady job) throws IOException, ModelFailure {
        return local(job, false);
    }

    /**
     * The job's input fetched again because {@code unreadable}, which was not downloaded for it, cannot
     * be read: a copy a crash left truncated, or kept bytes gone bad. Closes {@code unreadable}.
     */
    JobInput again(JobReady job, JobInput unreadable) throws IOException, ModelFailure {
        unreadable.close();
        String name = StagingFiles.input(job.jobId(), job.symbol());
        synchronized (locks.of(name)) {
            job.inputKeys().forEach(this::forget);
            Files.deleteIfExists(staging.resolve(name));
            return fetch(job, name);
        }
    }

    private JobInput local(JobReady job, boolean fromKept) throws IOException, ModelFailure {
        String name = StagingFiles.input(job.jobId(), job.symbol());
        synchronized (locks.of(name)) {
            Path target = staging.resolve(name);
            if (Files.isRegularFile(target)) {
                metrics.cache(CachedFile.INPUT, true);
                return JobInput.published(target, JobInput.digestOf(target), true);
            }
            Kept bytes = fromKept && job.inputKeys().size() == 1 ? kept(job.inputKeys().get(0)) : null;
            if (bytes != null) {
                metrics.cache(CachedFile.INPUT, true);
                return writtenAhead(job.inputKeys().get(0), name, bytes);
            }
            return fetch(job, name);
        }
    }

    private JobInput writtenAhead(ObjectKey key, String name, Kept bytes) throws IOException {
        Path temporary = staging.temporary(name);
        try {
            Files.write(temporary, bytes.object().bytes());
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        CompletableFuture<Boolean> current = CompletableFuture.supplyAsync(() -> {
            boolean same = lake.stat(key).filter(bytes.object()::sameVersionAs).isPresent();
            if (!same) {
                forget(key, bytes);
            }
            return same;
        }, checks);
        return JobInput.writtenAhead(staging, name, temporary, bytes.digest(), current);
    }

    private JobInput fetch(JobReady job, String name) throws IOException, ModelFailure {
        List<ObjectKey> keys = job.inputKeys();
        try {
            Kept[] read = new Kept[1];
            CacheResult result = staging.cached(name, keys.size() == 1 ? temp -> read[0] = read(keys.get(0), temp)
                    : temp -> merge(job, temp));
            metrics.cache(CachedFile.INPUT, result.hit());
            if (read[0] != null && !result.hit()) {
                keep(keys.get(0), read[0]);
                return JobInput.published(result.path(), read[0].digest(), false);
            }
            return JobInput.published(result.path(), JobInput.digestOf(result.path()), result.hit());
        } catch (IOException e) {
            if (LakeException.isPermanent(e)) {
                throw new ModelFailure(FailureKind.INPUT_UNAVAILABLE, "job " + job.jobId() + ": "
                        + e.getCause().getMessage(), e);
            }
            if (e.getCause() instanceof SQLException bad) {
                throw new ModelFailure(FailureKind.BAD_INPUT, "job " + job.jobId() + ": the inputs " + keys
                        + " cannot be merged as Parquet: " + bad.getMessage(), e);
            }
            throw e;
        }
    }

    /** One GET into memory and onto {@code target}. */
    private Kept read(ObjectKey key, Path target) throws IOException {
        ObjectBytes object = lake.read(key);
        Files.write(target, object.bytes());
        return new Kept(object, JobInput.digestOf(object.bytes()));
    }

    private void merge(JobReady job, Path target) throws IOException, SQLException {
        Path dir = Files.createDirectories(workDir).resolve("input-" + job.jobId() + "-" + UUID.randomUUID());
        Files.createDirectories(dir);
        try {
            List<Path> parts = new ArrayList<>();
            for (ObjectKey key : job.inputKeys()) {
                Path part = dir.resolve("part-" + parts.size() + ".parquet");
                download(key, part);
                parts.add(part);
            }
            String files = parts.stream().map(DuckDb::literal).collect(Collectors.joining(", ", "[", "]"));
            try (Connection db = DuckDb.open(dir); Statement s = db.createStatement()) {
                s.execute("COPY (SELECT * FROM read_parquet(" + files + ", union_by_name = true)) TO "
                        + DuckDb.literal(target) + " (FORMAT PARQUET)");
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** One GET: {@link Lake#get} also asks for the object's metadata afterwards, which an input does not need. */
    private void download(ObjectKey key, Path target) throws IOException {
        try (InputStream in = lake.open(key)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Kept kept(ObjectKey key) {
        synchronized (kept) {
            return kept.get(key);
        }
    }

    private void keep(ObjectKey key, Kept bytes) {
        long size = bytes.object().bytes().length;
        if (size > keptBytesBound) {
            return;
        }
        synchronized (kept) {
            Kept replaced = kept.put(key, bytes);
            keptBytes += size - (replaced == null ? 0 : replaced.object().bytes().length);
            Iterator<Map.Entry<ObjectKey, Kept>> eldest = kept.entrySet().iterator();
            while (keptBytes > keptBytesBound) {
                keptBytes -= eldest.next().getValue().object().bytes().length;
                eldest.remove();
            }
        }
    }

    private void forget(ObjectKey key) {
        synchronized (kept) {
            Kept gone = kept.remove(key);
            if (gone != null) {
                keptBytes -= gone.object().bytes().length;
            }
        }
    }

    /** Forgets {@code key}'s bytes if they are still {@code stale}, not newer bytes another job kept meanwhile. */
    private void forget(ObjectKey key, Kept stale) {
        synchronized (kept) {
            if (kept.remove(key, stale)) {
                keptBytes -= stale.object().bytes().length;
            }
        }
    }

    /** How many bytes of inputs are kept. */
    long keptBytes() {
        synchronized (kept) {
            return keptBytes;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
