package org.locness.ingest.daily.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.locness.ingest.daily.context.DailyCron;

/**
 * Prepares one day's market context: fetch the window from the lake, compute it with DuckDB, write
 * {@code daily-prepared/<date>.parquet}, announce it on {@code context.daily-ready}. Runs as a cron
 * workflow (see {@link DailyCron}) and on demand for a given date.
 */
@WorkflowInterface
public interface DailyPrepWorkflow {
    @WorkflowMethod
    DailyPrepResult prepare(DailyPrepRequest request);
}
