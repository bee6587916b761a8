package org.locness.sweeper.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.result.ResultStaged;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.metrics.SweeperMetrics.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one completed model's result from the node to the lake: upload the pair (verified), announce
 * it on {@code results.staged} (acknowledged), then delete the local files. Each step is safe to
 * repeat, so a crash anywhere followed by a redelivery converges to one staged object per key, an
 * announcement, and an empty staging directory.
 *
 * <p>The event handler and the orphan sweep both come through here; one lock keeps them from working
 * on the same files at once (the sweep is rare and short, so serialising them costs little).
 */
public final class ResultStager {
    private static final Logger LOG = LoggerFactory.getLogger(ResultStager.class);

    private final StagingDirectory staging;
    private final PairUploader uploader;
    private final EventPublisher publisher;
    private final SweeperMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();

    public ResultStager(StagingDirectory staging, PairUploader uploader, EventPublisher publisher,
            SweeperMetrics metrics) {
        this.staging = staging;
        this.uploader = uploader;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Stages and announces the result of a completed model of this node. Returns the event published.
     * Throws {@link org.locness.events.InvalidEventException} for paths that are not this pair's files
     * in the staging directory; any other exception means nothing was committed to and it may be retried.
     */
    public ResultStaged stage(InferenceCompleted event) throws Exception {
        if (event.status() == ModelStatus.FAILED) {
            ResultStaged forwarded = StagedResults.forwarded(event);
            publisher.publish(forwarded);
            metrics.announced(Outcome.FAILURE_FORWARDED);
            LOG.info("forwarded the failure of {} for job {}: {}", event.model(), event.jobId(), event.reason());
            return forwarded;
        }
        OutputPair pair = OutputPair.named(staging, event);
        lock.lockInterruptibly();
        try {
            return sweep(event, pair);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #stage}, for an orphan: only if its output file is still there once the lock is held,
     * since the event handler may have swept it in the meantime.
     */
    public Optional<ResultStaged> stageIfLocal(InferenceCompleted event) throws Exception {
        OutputPair pair = OutputPair.named(staging, event);
        lock.lockInterruptibly();
        try {
            if (!Files.isRegularFile(pair.output())) {
                return Optional.empty();
            }
            return Optional.of(sweep(event, pair));
        } finally {
            lock.unlock();
        }
    }

    private ResultStaged sweep(InferenceCompleted event, OutputPair pair) throws Exception {
        PairUpload upload = uploader.upload(pair);
        ResultStaged result = StagedResults.of(event, pair, upload);
        publisher.publish(result);
        deleteLocal(pair);
        if (result.succeeded()) {
            metrics.announced(Outcome.STAGED);
            LOG.info("staged {} for job {} ({} / {})", event.model(), event.jobId(), upload.result(), upload.patterns());
        } else {
            metrics.announced(Outcome.LOST_OUTPUT);
            LOG.warn("announced {} for job {} as {}: output {}, patterns {} (neither local nor at {} / {})",
                    event.model(), event.jobId(), StagedResults.LOST_OUTPUT, upload.result(), upload.patterns(),
                    pair.resultKey(), pair.patternsKey());
        }
        return result;
    }

    /**
     * Deletes the patterns file first: if the process dies in between, the output left behind still
     * identifies the pair, and the orphan sweep or a redelivery finishes the job.
     */
    private static void deleteLocal(OutputPair pair) {
        for (Path file : List.of(pair.patterns(), pair.output())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("could not delete {} after announcing it; the orphan sweep will take it again: {}",
                        file, e.toString());
            }
        }
    }
}
