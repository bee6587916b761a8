package org.locness.sweeper.orphan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.locness.events.InvalidEventException;
import org.locness.events.id.NodeName;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.lake.StagingFiles;
import org.locness.events.lake.StagingFiles.OutputName;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.upload.OutputPair;
import org.locness.sweeper.upload.ResultStager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what no event accounts for: model outputs older than the orphan age (the node wrote them and
 * died before announcing, or the event was lost) are read, uploaded and announced as the node's event
 * would have; inputs of jobs with no output left, once as old, are deleted. An event that still
 * arrives for a recovered pair finds it staged and announces it again, which the aggregator counts
 * once.
 */
public final class OrphanSweep implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

    private final StagingDirectory staging;
    private final NodeName node;
    private final Duration orphanAge;
    private final Clock clock;
    private final OutputRowReader reader;
    private final ResultStager stager;
    private final SweeperMetrics metrics;

    public OrphanSweep(StagingDirectory staging, NodeName node, Duration orphanAge, Clock clock, OutputRowReader reader,
            ResultStager stager, SweeperMetrics metrics) {
        this.staging = staging;
        this.node = node;
        this.orphanAge = orphanAge;
        this.clock = clock;
        this.reader = reader;
        this.stager = stager;
        this.metrics = metrics;
    }

    /** What one pass did. */
    public record Result(int recovered, int unreadable, int inputsDeleted) {
    }

    /** One pass for a scheduler: a failure (the lake is down) is logged, and the next pass tries again. */
    @Override
    public void run() {
        try {
            Result result = sweep();
            if (result.recovered() + result.unreadable() + result.inputsDeleted() > 0) {
                LOG.info("orphan sweep of {}: {} recovered, {} unreadable left in place, {} input(s) deleted",
                        staging.root(), result.recovered(), result.unreadable(), result.inputsDeleted());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            metrics.retried();
            LOG.warn("orphan sweep of {} stopped, the next one tries again: {}", staging.root(), e.toString());
        }
    }

    /** One pass: recover old outputs, then delete the inputs their jobs no longer need. */
    public Result sweep() throws Exception {
        Instant cutoff = clock.instant().minus(orphanAge);
        int recovered = 0;
        int unreadable = 0;
        for (OutputName orphan : OrphanPlanner.orphanOutputs(list(), cutoff)) {
            OutputPair pair = OutputPair.in(staging, orphan.jobId(), orphan.model());
            InferenceCompleted event;
            try {
                event = completedFor(pair);
            } catch (SQLException | InvalidEventException e) {
                unreadable++;
                metrics.orphanUnreadable();
                LOG.warn("orphan {} left in place: its row cannot be announced: {}", pair.output().getFileName(),
                        e.getMessage());
                continue;
            }
            if (stager.stageIfLocal(event).isPresent()) {
                recovered++;
                metrics.orphanRecovered();
                LOG.info("recovered orphan {} for job {} of node {}", orphan.model(), orphan.jobId(), node);
            }
        }
        int inputsDeleted = 0;
        for (String input : OrphanPlanner.staleInputs(list(), cutoff)) {
            if (Files.deleteIfExists(staging.resolve(input))) {
                inputsDeleted++;
                metrics.inputDeleted();
                LOG.info("deleted {}: its job has no output left on node {}", input, node);
            }
        }
        return new Result(recovered, unreadable, inputsDeleted);
    }

    /** The event for an orphan, after checking that its row belongs to this file and this node. */
    private InferenceCompleted completedFor(OutputPair pair) throws SQLException {
        OutputRow row = reader.read(pair.output());
        if (!row.jobId().equals(pair.jobId()) || !row.model().equals(pair.model())) {
            throw new InvalidEventException("job_id", "the row is for " + row.jobId() + "/" + row.model()
                    + " but the file is " + StagingFiles.output(pair.model(), pair.jobId()));
        }
        if (!row.node().equals(node)) {
            throw new InvalidEventException("node", "the row names node " + row.node() + ", this sweeper serves " + node);
        }
        return row.toCompleted(pair.output(), pair.patterns());
    }

    private List<StagingEntry> list() throws IOException {
        List<StagingEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging.root())) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file)) {
                        entries.add(new StagingEntry(file.getFileName().toString(),
                                Files.getLastModifiedTime(file).toInstant()));
                    }
                } catch (NoSuchFileException gone) {
                    // Swept or renamed between the listing and the stat: nothing left to plan for.
                }
            }
        }
        return entries;
    }
}
