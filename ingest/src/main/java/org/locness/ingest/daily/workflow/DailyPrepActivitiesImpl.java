package org.locness.ingest.daily.workflow;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.events.kafka.EventPublisher;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.ContextCalculator;
import org.locness.ingest.daily.context.FetchSummary;
import org.locness.ingest.daily.context.LocalInputs;
import org.locness.ingest.daily.context.PrepDuckDb;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.ingest.daily.lake.ContextStore;
import org.locness.ingest.daily.lake.InputFetcher;
import org.locness.ingest.daily.lake.WrittenContext;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prep's steps on a worker. Files live in a directory per workflow run under {@code workDir},
 * so two runs of the same date (the schedule and a run-now) never share or delete each other's
 * files; the write step removes its run's directory, and directories of runs that died are swept
 * after two days (the worker's kept DuckDB has a directory there too, which is no run's).
 */
public final class DailyPrepActivitiesImpl implements DailyPrepActivities {
    private static final Logger LOG = LoggerFactory.getLogger(DailyPrepActivitiesImpl.class);
    static final Duration STALE_RUN_DIRS = Duration.ofDays(2);

    private final InputFetcher fetcher;
    private final ContextCalculator calculator;
    private final ContextStore store;
    private final EventPublisher publisher;
    private final DailyPrepMetrics metrics;
    private final Path workDir;

    public DailyPrepActivitiesImpl(InputFetcher fetcher, ContextCalculator calculator, ContextStore store,
            EventPublisher publisher, DailyPrepMetrics metrics, Path workDir) {
        this.fetcher = fetcher;
        this.calculator = calculator;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.workDir = workDir;
    }

    @Override
    public WrittenContext prepareContext(TradingDate date) {
        sweepStaleRunDirs();
        LocalInputs inputs = timed("fetch", () -> fetch(date));
        ComputedContext computed = timed("compute", () -> {
            ComputedContext context = calculator.compute(inputs, runDir(date));
            metrics.computed(context);
            return context;
        });
        return write(computed);
    }

    @Override
    public FetchSummary fetchInputs(TradingDate date) {
        sweepStaleRunDirs();
        return timed("fetch", () -> fetch(date).summary());
    }

    @Override
    public ComputedContext computeContext(TradingDate date) {
        return timed("compute", () -> {
            ComputedContext computed = calculator.compute(fetch(date), runDir(date));
            metrics.computed(computed);
            return computed;
        });
    }

    @Override
    public WrittenContext writeContext(ComputedContext computed) {
        return write(isHere(computed) ? computed : recompute(computed));
    }

    @Override
    public void publishReady(DailyContextReady event, long prepStartedAtMillis) {
        timed("publish", () -> publisher.publish(event));
        metrics.prepared(Duration.between(Instant.ofEpochMilli(prepStartedAtMillis), Instant.now()));
        LOG.info("daily prep {}: published {} ({} rows, {} bytes, {} skipped)", event.date(), event.key(), event.rows(),
                event.bytes(), event.skipped().size());
    }

    private WrittenContext write(ComputedContext computed) {
        return timed("write", () -> {
            WrittenContext written = store.write(computed);
            metrics.written(written);
            deleteTree(runDir(computed.date()));
            return written;
        });
    }

    private LocalInputs fetch(TradingDate date) {
        return fetcher.fetch(PrepWindow.standard(date), runDir(date).resolve("inputs"));
    }

    /** The computed file is gone or is not the one computed (a retry on another worker): compute it here. */
    private ComputedContext recompute(ComputedContext computed) {
        LOG.info("daily prep {}: {} is not on this worker, computing it again", computed.date(), computed.localFile());
        return timed("compute", () -> {
            ComputedContext again = calculator.compute(fetch(computed.date()), runDir(computed.date()));
            metrics.computed(again);
            return again;
        });
    }

    private static boolean isHere(ComputedContext computed) {
        Path file = Path.of(computed.localFile());
        return Files.isRegularFile(file) && Lake.md5Of(file).equals(computed.md5());
    }

    private Path runDir(TradingDate date) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return workDir.resolve(date.value() + "_" + info.getWorkflowRunId());
    }

    private void sweepStaleRunDirs() {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        Instant cutoff = Instant.now().minus(STALE_RUN_DIRS);
        try (Stream<Path> dirs = Files.list(workDir)) {
            for (Path dir : dirs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().equals(PrepDuckDb.KEPT_DIRECTORY)).toList()) {
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                    LOG.info("removing {}, left by a prep run that did not finish", dir);
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not sweep old prep directories in {}: {}", workDir, e.getMessage());
        }
    }

    /** Best effort: the context is already stored when this runs, and the sweep catches what is left. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }

    private <T> T timed(String step, Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            metrics.step(step, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
