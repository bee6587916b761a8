package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.DailyCron;
import org.locness.ingest.daily.lake.WrittenContext;

/**
 * Replays recorded daily-prep histories against today's {@link DailyPrepWorkflowImpl}. A worker
 * that picks up a run in flight (a cron run during a deploy) replays its history through the new
 * code; a change that no longer reproduces the recorded commands fails here, not in production.
 * Both histories are {@link DailyPrepHistoryRecorder}'s scheduled run that prepares.
 */
class DailyPrepReplayTest {
    /** Recorded with the steps' version marker at version 1 (fetch, compute, write, publish). */
    static final String HISTORY = "daily-prep-history.json";
    /** Recorded at version 2 (prepare, then the publish as a local activity): what new runs take. */
    static final String PREPARE_PUBLISH = "daily-prep-history-v2.json";
    /** Recorded before the version marker existed: a run that was in flight when it was added. */
    static final String UNVERSIONED = "daily-prep-history-unversioned.json";

    @Test
    void theRecordedRunReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(PREPARE_PUBLISH), DailyPrepWorkflowImpl.class);
    }

    /** A run in flight on the four steps when the two came in finishes on them. */
    @Test
    void aRunRecordedOnTheFourStepsReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(HISTORY), DailyPrepWorkflowImpl.class);
    }

    @Test
    void aRunRecordedBeforeTheVersionMarkerReplaysAsTheDefaultVersion() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(UNVERSIONED), DailyPrepWorkflowImpl.class);
    }

    @Test
    void theHistoriesCarryTheVersionMarkersTheirNamesSay() throws IOException {
        assertEquals(List.of(DailyPrepWorkflowImpl.STEPS_CHANGE_ID + " version "
                + DailyPrepWorkflowImpl.STEPS_FETCH_COMPUTE_WRITE_PUBLISH), versionMarkers(history(HISTORY)));
        assertEquals(List.of(DailyPrepWorkflowImpl.STEPS_CHANGE_ID + " version "
                + DailyPrepWorkflowImpl.STEPS_PREPARE_PUBLISH), versionMarkers(history(PREPARE_PUBLISH)));
        assertEquals(List.of(), versionMarkers(history(UNVERSIONED)));
    }

    @Test
    void aWorkflowThatSkipsAStepDoesNotReplay() throws IOException {
        String history = history(HISTORY);

        assertNotDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(history, WithoutTheFetch.class));
    }

    @Test
    void aPublishMovedBackToARoundTripWithoutAVersionDoesNotReplay() throws IOException {
        String history = history(PREPARE_PUBLISH);

        assertNotDeterministic(() -> WorkflowReplayer.replayWorkflowExecution(history, PublishWithARoundTrip.class));
    }

    @Test
    void droppingTheDefaultVersionTooEarlyBreaksRunsStartedBeforeTheMarker() throws IOException {
        String unversioned = history(UNVERSIONED);

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> WorkflowReplayer.replayWorkflowExecution(unversioned, OnlyVersionOne.class));

        assertTrue(e.getMessage().contains("Version " + Workflow.DEFAULT_VERSION + " of changeId "
                + DailyPrepWorkflowImpl.STEPS_CHANGE_ID + " is not supported"), e.getMessage());
    }

    static String history(String name) throws IOException {
        try (InputStream in = DailyPrepReplayTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> versionMarkers(String json) {
        return WorkflowExecutionHistory.fromJson(json).getEvents().stream()
                .filter(e -> e.hasMarkerRecordedEventAttributes())
                .map(e -> e.getMarkerRecordedEventAttributes())
                .filter(m -> m.getMarkerName().equals("Version"))
                .map(m -> detail(m, "changeId", String.class) + " version " + detail(m, "version", Integer.class))
                .toList();
    }

    private static <T> T detail(MarkerRecordedEventAttributes marker, String key, Class<T> type) {
        Payloads payloads = marker.getDetailsOrThrow(key);
        return DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, Optional.of(payloads), type, type);
    }

    /** The replayer reports the worker's failure as text, not as a cause. */
    private static void assertNotDeterministic(Executable replay) {
        RuntimeException e = assertThrows(RuntimeException.class, replay);
        assertTrue(e.getMessage().contains(NonDeterministicException.class.getName()), e.getMessage());
    }

    /** The date a run started at {@code started} prepares, as the real workflow finds it. */
    private static TradingDate dueDate(DailyPrepRequest request, long started) {
        return DailyCron.dueDate(Instant.ofEpochMilli(started), ZoneId.of(request.zone()), DailyCron.PREP_TIME)
                .orElseThrow();
    }

    /** The careless edit a replay must catch: the fetch step dropped without a version branch. */
    public static class WithoutTheFetch implements DailyPrepWorkflow {
        private final DailyPrepActivities activities = Workflow.newActivityStub(DailyPrepActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(15)).build());

        @Override
        public DailyPrepResult prepare(DailyPrepRequest request) {
            long started = Workflow.currentTimeMillis();
            TradingDate date = dueDate(request, started);
            Workflow.getVersion(DailyPrepWorkflowImpl.STEPS_CHANGE_ID, Workflow.DEFAULT_VERSION,
                    DailyPrepWorkflowImpl.STEPS_FETCH_COMPUTE_WRITE_PUBLISH);
            return publish(activities, date, started);
        }
    }

    /** The same steps, but version 1 as the oldest supported: the default-version branch removed. */
    public static class OnlyVersionOne implements DailyPrepWorkflow {
        private final DailyPrepActivities activities = Workflow.newActivityStub(DailyPrepActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(15)).build());

        @Override
        public DailyPrepResult prepare(DailyPrepRequest request) {
            long started = Workflow.currentTimeMillis();
            TradingDate date = dueDate(request, started);
            Workflow.getVersion(DailyPrepWorkflowImpl.STEPS_CHANGE_ID,
                    DailyPrepWorkflowImpl.STEPS_FETCH_COMPUTE_WRITE_PUBLISH,
                    DailyPrepWorkflowImpl.STEPS_FETCH_COMPUTE_WRITE_PUBLISH);
            activities.fetchInputs(date);
            return publish(activities, date, started);
        }
    }

    /** The careless edit on version 2: the publish made a regular activity again, without a new version. */
    public static class PublishWithARoundTrip implements DailyPrepWorkflow {
        private final DailyPrepActivities activities = Workflow.newActivityStub(DailyPrepActivities.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(15)).build());

        @Override
        public DailyPrepResult prepare(DailyPrepRequest request) {
            long started = Workflow.currentTimeMillis();
            TradingDate date = dueDate(request, started);
            Workflow.getVersion(DailyPrepWorkflowImpl.STEPS_CHANGE_ID, Workflow.DEFAULT_VERSION,
                    DailyPrepWorkflowImpl.STEPS_PREPARE_PUBLISH);
            WrittenContext written = activities.prepareContext(date);
            activities.publishReady(new DailyContextReady(date, written.key(), written.rows(), written.bytes(),
                    written.skipped()), started);
            return DailyPrepResult.prepared(written);
        }
    }

    private static DailyPrepResult publish(DailyPrepActivities activities, TradingDate date, long started) {
        ComputedContext computed = activities.computeContext(date);
        WrittenContext written = activities.writeContext(computed);
        activities.publishReady(new DailyContextReady(date, written.key(), written.rows(), written.bytes(),
                written.skipped()), started);
        return DailyPrepResult.prepared(written);
    }
}
