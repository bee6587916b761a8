package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.DailyCron;
import org.locness.ingest.daily.context.FetchSummary;
import org.locness.ingest.daily.context.NothingUsableException;
import org.locness.ingest.daily.lake.WrittenContext;

/** The workflow on Temporal's time-skipping test environment, with activities that only record. */
class DailyPrepWorkflowTest {
    private static final String QUEUE = "daily-prep-test";

    private TestWorkflowEnvironment env;
    private RecordingActivities activities;

    @AfterEach
    void close() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void theCronPreparesEachDayAtSixUtc() {
        start(Instant.parse("2026-11-27T00:00:00Z"));
        startCron(ZoneId.of("UTC"));

        env.sleep(Duration.ofDays(3).plusHours(1));

        assertEquals(List.of(
                new Published("2026-11-27", Instant.parse("2026-11-27T06:00:00Z")),
                new Published("2026-11-28", Instant.parse("2026-11-28T06:00:00Z")),
                new Published("2026-11-29", Instant.parse("2026-11-29T06:00:00Z"))), activities.published);
    }

    @Test
    void aZoneWithSummerTimePreparesOncePerDayAtSixLocalAcrossTheChange() {
        // Britain leaves summer time on 2026-10-25: 06:00 local is 05:00 UTC before, 06:00 UTC after.
        start(Instant.parse("2026-10-23T00:00:00Z"));
        startCron(ZoneId.of("Europe/London"));

        env.sleep(Duration.ofDays(4).plusHours(1));

        assertEquals(List.of(
                new Published("2026-10-23", Instant.parse("2026-10-23T05:00:00Z")),
                new Published("2026-10-24", Instant.parse("2026-10-24T05:00:00Z")),
                new Published("2026-10-25", Instant.parse("2026-10-25T06:00:00Z")),
                new Published("2026-10-26", Instant.parse("2026-10-26T06:00:00Z"))), activities.published);
    }

    @Test
    void aRunForADatePreparesThatDateAndPublishesWhatWasWritten() {
        start(Instant.parse("2026-11-27T10:00:00Z"));

        DailyPrepResult result = workflow("run-now").prepare(DailyPrepRequest.forDate(ZoneId.of("UTC"),
                TradingDate.of("2026-11-20")));

        assertEquals(DailyPrepResult.Outcome.PREPARED, result.outcome());
        assertEquals(TradingDate.of("2026-11-20"), result.date());
        assertEquals(LakeKeys.dailyPrepared(TradingDate.of("2026-11-20")), result.key());
        assertEquals(RecordingActivities.ROWS, result.rows());
        assertEquals(RecordingActivities.SKIPPED, result.skipped());
        assertEquals(List.of(new DailyContextReady(TradingDate.of("2026-11-20"),
                LakeKeys.dailyPrepared(TradingDate.of("2026-11-20")), RecordingActivities.ROWS, RecordingActivities.BYTES,
                RecordingActivities.SKIPPED)), activities.events);
        assertEquals(List.of("prepare 1", "publish 1"), activities.calls);
    }

    @Test
    void aFailingActivityIsRetried() {
        start(Instant.parse("2026-11-27T10:00:00Z"));
        activities.failFirstPrepare = true;

        DailyPrepResult result = workflow("retry").prepare(DailyPrepRequest.forDate(ZoneId.of("UTC"),
                TradingDate.of("2026-11-27")));

        assertEquals(DailyPrepResult.Outcome.PREPARED, result.outcome());
        assertEquals(List.of("prepare 1", "prepare 2", "publish 1"), activities.calls);
    }

    /** The publish is a local activity: the worker retries it itself, and the prepare is not run again. */
    @Test
    void aFailingPublishIsRetriedAlone() {
        start(Instant.parse("2026-11-27T10:00:00Z"));
        activities.failFirstPublish = true;

        DailyPrepResult result = workflow("retry-publish").prepare(DailyPrepRequest.forDate(ZoneId.of("UTC"),
                TradingDate.of("2026-11-27")));

        assertEquals(DailyPrepResult.Outcome.PREPARED, result.outcome());
        assertEquals(List.of("prepare 1", "publish 1", "publish 2"), activities.calls);
        assertEquals(1, activities.events.size());
    }

    @Test
    void aPublishThatNeverSucceedsFailsTheRunAfterItsAttempts() {
        start(Instant.parse("2026-11-27T10:00:00Z"));
        activities.publishAlwaysFails = true;

        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> workflow("no-broker")
                .prepare(DailyPrepRequest.forDate(ZoneId.of("UTC"), TradingDate.of("2026-11-27"))));

        assertEquals("the broker is away", DailyPrepService.rootMessage(e));
        assertEquals(DailyPrepWorkflowImpl.RETRY.getMaximumAttempts() + 1, activities.calls.size());
        assertEquals("prepare 1", activities.calls.get(0));
        assertTrue(activities.events.isEmpty());
    }

    @Test
    void nothingUsableIsNotRetriedAndFailsTheRunWithItsReason() {
        start(Instant.parse("2026-11-27T10:00:00Z"));
        activities.nothingUsable = true;

        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> workflow("empty")
                .prepare(DailyPrepRequest.forDate(ZoneId.of("UTC"), TradingDate.of("2026-11-27"))));

        ActivityFailure activity = assertInstanceOf(ActivityFailure.class, e.getCause());
        ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, activity.getCause());
        assertEquals(NothingUsableException.class.getName(), failure.getType());
        assertEquals("no usable market bars", DailyPrepService.rootMessage(e));
        assertEquals(List.of("prepare 1"), activities.calls);
        assertTrue(activities.events.isEmpty());
    }

    @Test
    void aScheduledRunBeforeSixIsNotDue() {
        start(Instant.parse("2026-11-27T04:00:00Z"));

        DailyPrepResult result = workflow("early").prepare(DailyPrepRequest.scheduled(ZoneId.of("UTC")));

        assertEquals(DailyPrepResult.Outcome.NOT_DUE, result.outcome());
        assertFalse(result.uploaded());
        assertTrue(activities.calls.isEmpty());
    }

    private void start(Instant now) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(now).build());
        activities = new RecordingActivities(env);
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(DailyPrepWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    private void startCron(ZoneId zone) {
        LocalDate today = Instant.ofEpochMilli(env.currentTimeMillis()).atZone(zone).toLocalDate();
        DailyPrepWorkflow cron = env.getWorkflowClient().newWorkflowStub(DailyPrepWorkflow.class,
                PrepWorkflowOptions.cron(QUEUE, zone, DailyCron.expression(zone, DailyCron.PREP_TIME, today)));
        WorkflowClient.start(cron::prepare, DailyPrepRequest.scheduled(zone));
    }

    private DailyPrepWorkflow workflow(String id) {
        return env.getWorkflowClient().newWorkflowStub(DailyPrepWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    }

    record Published(String date, Instant at) {
    }

    /** Records calls (with their attempt) and publications (with the test server's clock, to the minute). */
    static final class RecordingActivities implements DailyPrepActivities {
        static final long ROWS = 3;
        static final long BYTES = 2048;
        static final List<String> SKIPPED = List.of("market-data/CCC/2026-11-19.parquet (missing)");

        private final TestWorkflowEnvironment env;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Published> published = new CopyOnWriteArrayList<>();
        final List<DailyContextReady> events = new CopyOnWriteArrayList<>();
        volatile boolean failFirstPrepare;
        volatile boolean failFirstPublish;
        volatile boolean publishAlwaysFails;
        volatile boolean nothingUsable;

        RecordingActivities(TestWorkflowEnvironment env) {
            this.env = env;
        }

        @Override
        public WrittenContext prepareContext(TradingDate date) {
            int attempt = record("prepare");
            if (nothingUsable) {
                throw new NothingUsableException("no usable market bars");
            }
            if (failFirstPrepare && attempt == 1) {
                throw new IllegalStateException("the disk hiccuped");
            }
            return new WrittenContext(date, LakeKeys.dailyPrepared(date), ROWS, BYTES, "etag", true, SKIPPED);
        }

        @Override
        public FetchSummary fetchInputs(TradingDate date) {
            record("fetch");
            return new FetchSummary(date, 21, 0, 21, 1000, List.of());
        }

        @Override
        public ComputedContext computeContext(TradingDate date) {
            record("compute");
            return new ComputedContext(date, "/tmp/ctx.parquet", "md5", ROWS, 100, SKIPPED);
        }

        @Override
        public WrittenContext writeContext(ComputedContext computed) {
            record("write");
            return new WrittenContext(computed.date(), LakeKeys.dailyPrepared(computed.date()), computed.rows(), BYTES,
                    "etag", true, computed.skipped());
        }

        @Override
        public void publishReady(DailyContextReady event, long prepStartedAtMillis) {
            int attempt = record("publish");
            if (publishAlwaysFails || (failFirstPublish && attempt == 1)) {
                throw new IllegalStateException("the broker is away");
            }
            events.add(event);
            published.add(new Published(event.date().value(),
                    Instant.ofEpochMilli(env.currentTimeMillis()).truncatedTo(ChronoUnit.MINUTES)));
        }

        private int record(String step) {
            int attempt = Activity.getExecutionContext().getInfo().getAttempt();
            calls.add(step + " " + attempt);
            return attempt;
        }
    }
}
