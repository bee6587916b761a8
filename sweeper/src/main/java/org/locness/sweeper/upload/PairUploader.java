package org.locness.sweeper.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.locness.events.id.ObjectKey;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.upload.PairUpload.FileOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a pair's local files to their staging keys, both at once on a bounded executor shared by
 * every upload of the process (so at most that many PUTs are in flight). Each upload is verified by
 * {@link Lake#put(ObjectKey, Path)} (size and MD5). A file that is no longer local counts as done if
 * its staged object exists: an earlier attempt uploaded it and died before announcing.
 */
public final class PairUploader {
    private static final Logger LOG = LoggerFactory.getLogger(PairUploader.class);

    private final Lake lake;
    private final ExecutorService uploads;
    private final SweeperMetrics metrics;

    public PairUploader(Lake lake, ExecutorService uploads, SweeperMetrics metrics) {
        this.lake = lake;
        this.uploads = uploads;
        this.metrics = metrics;
    }

    /** Uploads what is local and reports each file's outcome; any S3 failure is thrown once both calls end. */
    public PairUpload upload(OutputPair pair) throws Exception {
        Future<FileOutcome> result = uploads.submit(() -> uploadOne(pair.output(), pair.resultKey()));
        Future<FileOutcome> patterns = uploads.submit(() -> uploadOne(pair.patterns(), pair.patternsKey()));
        Exception failure = null;
        FileOutcome resultOutcome = null;
        FileOutcome patternsOutcome = null;
        try {
            resultOutcome = await(result);
        } catch (Exception e) {
            failure = e;
        }
        try {
            patternsOutcome = await(patterns);
        } catch (Exception e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new PairUpload(resultOutcome, patternsOutcome);
    }

    private FileOutcome uploadOne(Path file, ObjectKey key) {
        if (!Files.isRegularFile(file)) {
            boolean staged = lake.exists(key);
            LOG.info("{} is not in the staging directory; staged object {} {}", file.getFileName(), key,
                    staged ? "exists" : "is missing");
            return staged ? FileOutcome.ALREADY_STAGED : FileOutcome.LOST;
        }
        long started = System.nanoTime();
        ObjectInfo stored = lake.put(key, file);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.uploaded(stored.size(), took);
        LOG.debug("uploaded {} to {} ({} bytes, {} ms)", file.getFileName(), key, stored.size(), took.toMillis());
        return FileOutcome.UPLOADED;
    }

    private static FileOutcome await(Future<FileOutcome> upload) throws Exception {
        try {
            return upload.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
