package org.locness.ingest.daily.workflow;

import io.temporal.activity.ActivityInterface;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.FetchSummary;
import org.locness.ingest.daily.lake.WrittenContext;

/**
 * The prep's steps. Each is idempotent for its date, so Temporal may retry any of them: a fetch keeps
 * what it already downloaded, a compute re-fetches what its worker lacks, a write leaves an
 * identical object alone, and a publish may repeat (consumers of {@code context.daily-ready} are
 * idempotent: the event names a key whose content has not changed).
 *
 * <p>New runs take two: {@link #prepareContext} (fetch, compute and write on one worker) and
 * {@link #publishReady}. The three steps apart are what runs started before that took, kept so those
 * replay and finish on this code.
 */
@ActivityInterface
public interface DailyPrepActivities {
    /** Fetches, computes and writes the context of {@code date} on this worker: the steps below in one. */
    WrittenContext prepareContext(TradingDate date);

    FetchSummary fetchInputs(TradingDate date);

    ComputedContext computeContext(TradingDate date);

    WrittenContext writeContext(ComputedContext computed);

    /** {@code prepStartedAtMillis}: when the workflow run began, for the prep duration metric. */
    void publishReady(DailyContextReady event, long prepStartedAtMillis);
}
