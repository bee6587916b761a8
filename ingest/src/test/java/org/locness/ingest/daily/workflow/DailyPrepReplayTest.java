package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.DailyCron;
import org.locness.ingest.daily.lake.WrittenContext;

/**
 * Replays recorded daily-prep histories against today's {@link DailyPrepWorkflowImpl}. A worker
 * that picks up a run in flight (a cron run during a deploy) replays its history through the new
 * code; a change that no longer reproduces the recorded commands fails here, not in production.
 */
class DailyPrepReplayTest {
    /** Recorded by {@link DailyPrepHistoryRecorder}. */
    static final String UNVERSIONED = "daily-prep-history-unversioned.json";

    @Test
    void theRecordedRunReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(UNVERSIONED), DailyPrepWorkflowImpl.class);
    }

    @Test
    void aWorkflowThatSkipsAStepDoesNotReplay() throws Exception {
        String history = history(UNVERSIONED);

        // The replayer reports the worker's failure as text, not as a cause.
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> WorkflowReplayer.replayWorkflowExecution(history, WithoutTheFetch.class));

        assertTrue(e.getMessage().contains(NonDeterministicException.class.getName()), e.getMessage());
    }

    static String history(String name) throws IOException {
        try (InputStream in = DailyPrepReplayTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The careless edit a replay must catch: the fetch step dropped without a version branch. */
    public static class WithoutTheFetch implements DailyPrepWorkflow {
        private final DailyPrepActivities activities = Workflow.newActivityStub(DailyPrepActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(15)).build());

        @Override
        public DailyPrepResult prepare(DailyPrepRequest request) {
            long started = Workflow.currentTimeMillis();
            TradingDate date = DailyCron.dueDate(Instant.ofEpochMilli(started), ZoneId.of(request.zone()),
                    DailyCron.PREP_TIME).orElseThrow();
            ComputedContext computed = activities.computeContext(date);
            WrittenContext written = activities.writeContext(computed);
            activities.publishReady(new DailyContextReady(date, written.key(), written.rows(), written.bytes(),
                    written.skipped()), started);
            return DailyPrepResult.prepared(written);
        }
    }
}
