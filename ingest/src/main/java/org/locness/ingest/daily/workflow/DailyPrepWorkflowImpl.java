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
