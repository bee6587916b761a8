package org.locness.ingest.daily.workflow;

import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locness.events.id.TradingDate;

/** How the prep's workflows are started: the one schedule, and one-off runs per date. */
public final class PrepWorkflowOptions {
    /** The one scheduled prep; starting it again while it exists is a no-op. */
    public static final String CRON_WORKFLOW_ID = "locness-daily-prep";
    static final String MEMO_ZONE = "zone";
    static final String MEMO_CRON = "cron";
    /** A stuck run must not hold back the next morning's. */
    static final Duration RUN_TIMEOUT = Duration.ofHours(2);

    private PrepWorkflowOptions() {
    }

    /** The schedule, with its zone and cron in the memo so a later start can tell whether they changed. */
    public static WorkflowOptions cron(String taskQueue, ZoneId zone, String cron) {
        Map<String, Object> memo = new LinkedHashMap<>();
        memo.put(MEMO_ZONE, zone.getId());
        memo.put(MEMO_CRON, cron);
        return WorkflowOptions.newBuilder().setWorkflowId(CRON_WORKFLOW_ID).setTaskQueue(taskQueue)
                .setCronSchedule(cron).setMemo(memo).setWorkflowRunTimeout(RUN_TIMEOUT).build();
    }

    /** One id per date: a second run-now of a date while one is running joins it. */
    public static WorkflowOptions runNow(String taskQueue, TradingDate date) {
        return WorkflowOptions.newBuilder().setWorkflowId(runNowId(date)).setTaskQueue(taskQueue)
                .setWorkflowRunTimeout(RUN_TIMEOUT).build();
    }

    public static String runNowId(TradingDate date) {
        return CRON_WORKFLOW_ID + "-" + date.value();
    }
}
