package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the history {@link DailyPrepReplayTest} replays: a scheduled run that is due and prepares
 * (every step), on the time-skipping test server with the recording activities. Skipped unless asked
 * for. Re-record only together with a versioned change of the workflow, and keep the old histories
 * beside the new one (runs in flight at a deploy are on the old one); version 2's was recorded with
 * <pre>
 * mvn -pl ingest -am test -Dtest=DailyPrepHistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlocness.record-history=$PWD/ingest/src/test/resources/org/locness/ingest/daily/workflow/daily-prep-history-v2.json
 * </pre>
 */
@EnabledIfSystemProperty(named = DailyPrepHistoryRecorder.RECORD_TO, matches = ".+")
class DailyPrepHistoryRecorder {
    static final String RECORD_TO = "locness.record-history";
    static final String QUEUE = "daily-prep-history";
    static final String WORKFLOW_ID = "daily-prep-history";

    @Test
    void recordAScheduledRunThatPrepares() throws IOException {
        // A fixed identity, so the committed history names no machine.
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setInitialTime(Instant.parse("2026-11-27T10:00:00Z"))
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("daily-prep-history-recorder")
                        .build())
                .build());
        try {
            Worker worker = env.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(DailyPrepWorkflowImpl.class);
            worker.registerActivitiesImplementations(new DailyPrepWorkflowTest.RecordingActivities(env));
            env.start();
            DailyPrepWorkflow workflow = env.getWorkflowClient().newWorkflowStub(DailyPrepWorkflow.class,
                    WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(QUEUE).build());
            WorkflowClient.start(workflow::prepare, DailyPrepRequest.scheduled(ZoneId.of("UTC")));
            DailyPrepResult result = WorkflowStub.fromTyped(workflow).getResult(DailyPrepResult.class);
            assertEquals(DailyPrepResult.Outcome.PREPARED, result.outcome());

            String json = env.getWorkflowClient().fetchHistory(WORKFLOW_ID).toJson(true);
            Path target = Path.of(System.getProperty(RECORD_TO));
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, json + "\n", StandardCharsets.UTF_8);
        } finally {
            env.close();
        }
    }
}
