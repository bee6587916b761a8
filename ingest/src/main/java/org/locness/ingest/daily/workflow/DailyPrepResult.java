package org.locness.ingest.daily.workflow;

import java.util.List;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.lake.WrittenContext;

/**
 * What one run of {@link DailyPrepWorkflow} did. {@code lastPrepared} is carried from run to run
 * of the cron chain (through Temporal's last completion result) so the second fire of a summer-time
 * pair does not prepare the same day twice.
 *
 * @param uploaded false when the lake already held the same context (a re-run changes nothing)
 */
public record DailyPrepResult(Outcome outcome, TradingDate date, ObjectKey key, long rows, long bytes,
        boolean uploaded, List<String> skipped, TradingDate lastPrepared) {

    public enum Outcome {
        /** The context was computed, written (or found unchanged) and announced. */
        PREPARED,
        /** A scheduled fire before the prep time in the zone. */
        NOT_DUE,
        /** A scheduled fire on a day this cron chain already prepared. */
        ALREADY_PREPARED
    }

    public DailyPrepResult {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    static DailyPrepResult prepared(WrittenContext written) {
        return new DailyPrepResult(Outcome.PREPARED, written.date(), written.key(), written.rows(), written.bytes(),
                written.uploaded(), written.skipped(), written.date());
    }

    static DailyPrepResult notDue(TradingDate lastPrepared) {
        return new DailyPrepResult(Outcome.NOT_DUE, null, null, 0, 0, false, List.of(), lastPrepared);
    }

    static DailyPrepResult alreadyPrepared(TradingDate date) {
        return new DailyPrepResult(Outcome.ALREADY_PREPARED, date, null, 0, 0, false, List.of(), date);
    }
}
