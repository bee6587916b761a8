package org.locness.ingest.daily.workflow;

import java.time.ZoneId;
import org.locness.events.id.TradingDate;

/**
 * Input of {@link DailyPrepWorkflow}. A scheduled (cron) run has no date and works out which day is
 * due in {@code zone}; a run-now names its date.
 */
public record DailyPrepRequest(String zone, TradingDate date) {
    public DailyPrepRequest {
        ZoneId.of(zone);
    }

    public static DailyPrepRequest scheduled(ZoneId zone) {
        return new DailyPrepRequest(zone.getId(), null);
    }

    public static DailyPrepRequest forDate(ZoneId zone, TradingDate date) {
        if (date == null) {
            throw new IllegalArgumentException("a run-now needs a date");
        }
        return new DailyPrepRequest(zone.getId(), date);
    }
}
