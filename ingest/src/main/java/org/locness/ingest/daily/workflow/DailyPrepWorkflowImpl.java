package org.locness.ingest.daily.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.DailyCron;
import org.locness.ingest.daily.context.FetchSummary;
import org.locness.ingest.daily.context.NothingUsableException;
import org.locness.ingest.daily.lake.WrittenContext;
import org.slf4j.Logger;

/** See {@link DailyPrepWorkflow}. Workflow code: deterministic, time from {@link Workflow} only. */
public class DailyPrepWorkflowImpl implements DailyPrepWorkflow {
    private static final Logger LOG = Workflow.getLogger(DailyPrepWorkflowImpl.class);

    /** Transient trouble (lake, broker, disk) gets a few minutes to clear; no usable data at all does not. */
    static final RetryOptions RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(5))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofMinutes(2))
            .setMaximumAttempts(6)
            .setDoNotRetry(NothingUsableException.class.getName())
            .build();

    /**
     * The version marker of the step sequence (version 1: fetch, compute, write, publish; version 2:
     * prepare, publish), the part most likely to change. A run in flight at a deploy (a run lasts up
     * to {@link PrepWorkflowOptions#RUN_TIMEOUT}) is replayed on the new code, so a change to which steps run, in what order or with what
     * arguments must leave the old runs' commands alone: add a constant, raise the maximum passed to
     * {@code getVersion} to it and branch on what it returns, e.g.
     * <pre>{@code
     * int steps = Workflow.getVersion(STEPS_CHANGE_ID, Workflow.DEFAULT_VERSION, STEPS_WITH_CHECK);
     * if (steps >= STEPS_WITH_CHECK) { activities.checkInputs(date); }
     * }</pre>
     * then record a new history beside the old ones for {@code DailyPrepReplayTest}, and remove a
     * branch only when no run that took it can be left. Runs started before the marker existed replay
     * as {@link Workflow#DEFAULT_VERSION}, which takes the same steps as version 1.
     */
    static final String STEPS_CHANGE_ID = "daily-prep-steps";
    static final int STEPS_FETCH_COMPUTE_WRITE_PUBLISH = 1;
    /**
     * Fetch, compute and write as one activity, then the publish as a local activity: each round trip
     * through Temporal had cost a daily run ~25 ms (of ~0.6 s), and the write now runs where the
     * context was computed, so it never has to compute it again on another worker.
     */
    static final int STEPS_PREPARE_PUBLISH = 2;

    private final DailyPrepActivities activities = Workflow.newActivityStub(DailyPrepActivities.class,
            options(Duration.ofMinutes(15)),
            Map.of("PrepareContext", options(Duration.ofMinutes(30)), "WriteContext", options(Duration.ofMinutes(5)),
                    "PublishReady", options(Duration.ofMinutes(1))));
    /**
     * Steps of a few milliseconds, run by the worker that runs the workflow task, without a round trip.
     * A retry waits on a workflow timer rather than in the worker (whose workflow task would otherwise
     * stay open through backoffs of up to two minutes).
     */
    private final DailyPrepActivities local = Workflow.newLocalActivityStub(DailyPrepActivities.class,
            LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(RETRY)
                    .setLocalRetryThreshold(Duration.ofSeconds(1)).build());

    @Override
    public DailyPrepResult prepare(DailyPrepRequest request) {
        long started = Workflow.currentTimeMillis();
        TradingDate date = request.date();
        if (date == null) {
            DailyPrepResult last = Workflow.getLastCompletionResult(DailyPrepResult.class);
            TradingDate lastPrepared = last == null ? null : last.lastPrepared();
            Optional<TradingDate> due = DailyCron.dueDate(Instant.ofEpochMilli(started), ZoneId.of(request.zone()),
                    DailyCron.PREP_TIME);
            if (due.isEmpty()) {
                LOG.info("scheduled daily prep fired before {} in {}: not due", DailyCron.PREP_TIME, request.zone());
                return DailyPrepResult.notDue(lastPrepared);
            }
            if (due.get().equals(lastPrepared)) {
                LOG.info("scheduled daily prep: {} was already prepared by this schedule", due.get());
                return DailyPrepResult.alreadyPrepared(due.get());
            }
            date = due.get();
        }
        int steps = Workflow.getVersion(STEPS_CHANGE_ID, Workflow.DEFAULT_VERSION, STEPS_PREPARE_PUBLISH);
        if (steps >= STEPS_PREPARE_PUBLISH) {
            WrittenContext written = activities.prepareContext(date);
            LOG.info("daily prep {}: {} rows prepared", date, written.rows());
            return publish(local, date, written, started);
        }
        FetchSummary fetched = activities.fetchInputs(date);
        LOG.info("daily prep {}: {} market files, {} pattern days fetched", date, fetched.marketFiles(),
                fetched.patternFiles());
        ComputedContext computed = activities.computeContext(date);
        return publish(activities, date, activities.writeContext(computed), started);
    }

    private static DailyPrepResult publish(DailyPrepActivities steps, TradingDate date, WrittenContext written,
            long started) {
        steps.publishReady(new DailyContextReady(date, written.key(), written.rows(), written.bytes(),
                written.skipped()), started);
        return DailyPrepResult.prepared(written);
    }

    private static ActivityOptions options(Duration startToClose) {
        return ActivityOptions.newBuilder().setStartToCloseTimeout(startToClose).setRetryOptions(RETRY).build();
    }
}
