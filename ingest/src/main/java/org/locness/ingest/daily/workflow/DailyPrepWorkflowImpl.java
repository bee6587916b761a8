package org.locness.ingest.daily.workflow;

import io.temporal.activity.ActivityOptions;
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
     * The version marker of the step sequence (fetch, compute, write, publish), the part most likely
     * to change. A run in flight at a deploy (a run lasts up to {@link PrepWorkflowOptions#RUN_TIMEOUT})
     * is replayed on the new code, so a change to which steps run, in what order or with what
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

    private final DailyPrepActivities activities = Workflow.newActivityStub(DailyPrepActivities.class,
            options(Duration.ofMinutes(15)),
            Map.of("WriteContext", options(Duration.ofMinutes(5)), "PublishReady", options(Duration.ofMinutes(1))));

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
        // Only marks new runs with the current version for now: there is no older sequence to branch to.
        Workflow.getVersion(STEPS_CHANGE_ID, Workflow.DEFAULT_VERSION, STEPS_FETCH_COMPUTE_WRITE_PUBLISH);
        FetchSummary fetched = activities.fetchInputs(date);
        LOG.info("daily prep {}: {} market files, {} pattern days fetched", date, fetched.marketFiles(),
                fetched.patternFiles());
        ComputedContext computed = activities.computeContext(date);
        WrittenContext written = activities.writeContext(computed);
        activities.publishReady(new DailyContextReady(date, written.key(), written.rows(), written.bytes(),
                written.skipped()), started);
        return DailyPrepResult.prepared(written);
    }

    private static ActivityOptions options(Duration startToClose) {
        return ActivityOptions.newBuilder().setStartToCloseTimeout(startToClose).setRetryOptions(RETRY).build();
    }
}
