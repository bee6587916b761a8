package org.locness.inference.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.locness.events.id.ObjectKey;
import org.locness.events.job.JobReady;
import org.locness.events.lake.StagingFiles;
import org.locness.inference.cache.CacheMetrics;
import org.locness.inference.cache.CacheMetrics.CachedFile;
import org.locness.inference.cache.FetchLocks;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.staging.ScratchDirectory;
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
 * <p>An input is not synced to disk ({@link StagingDirectory#cached}): one found in place that cannot
 * be read may have been cut short by a crash, and is fetched again with {@link #again}.
 */
public final class JobInputs {
    private final StagingDirectory staging;
    private final Lake lake;
    private final Path workDir;
    private final CacheMetrics metrics;
    private final FetchLocks locks = new FetchLocks();

    public JobInputs(StagingDirectory staging, Lake lake, Path workDir, CacheMetrics metrics) {
        this.staging = staging;
        this.lake = lake;
        this.workDir = workDir;
        this.metrics = metrics;
    }

    /**
     * The job's local input: its path, and whether it was in place already (a hit) rather than fetched
     * for this request.
     *
     * @throws ModelFailure if the lake refuses an input for good ({@link FailureKind#INPUT_UNAVAILABLE})
     *     or the parts cannot be merged as Parquet ({@link FailureKind#BAD_INPUT})
     * @throws IOException on a failure worth retrying (lake unreachable, disk)
     */
    CacheResult local(JobReady job) throws IOException, ModelFailure {
        String name = StagingFiles.input(job.jobId(), job.symbol());
        synchronized (locks.of(name)) {
            return fetch(job, name);
        }
    }

    /**
     * The job's input fetched once more, because the copy in place cannot be read: a crash may have
     * cut it short, as copies are not synced.
     */
    CacheResult again(JobReady job) throws IOException, ModelFailure {
        String name = StagingFiles.input(job.jobId(), job.symbol());
        synchronized (locks.of(name)) {
            Files.deleteIfExists(staging.resolve(name));
            return fetch(job, name);
        }
    }

    private CacheResult fetch(JobReady job, String name) throws IOException, ModelFailure {
        List<ObjectKey> keys = job.inputKeys();
        try {
            CacheResult result = staging.cached(name,
                    keys.size() == 1 ? temp -> lake.download(keys.get(0), temp) : temp -> merge(job, temp));
            metrics.cache(CachedFile.INPUT, result.hit());
            return result;
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

    private void merge(JobReady job, Path target) throws IOException, SQLException {
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir, "input-" + job.jobId() + "-")) {
            List<Path> parts = new ArrayList<>();
            for (ObjectKey key : job.inputKeys()) {
                Path part = scratch.resolve("part-" + parts.size() + ".parquet");
                lake.download(key, part);
                parts.add(part);
            }
            String files = parts.stream().map(DuckDb::literal).collect(Collectors.joining(", ", "[", "]"));
            try (Connection db = DuckDb.open(scratch.path()); Statement s = db.createStatement()) {
                s.execute("COPY (SELECT * FROM read_parquet(" + files + ", union_by_name = true)) TO "
                        + DuckDb.literal(target) + " (FORMAT PARQUET)");
            }
        }
    }
}
