package org.locness.ingest.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.TradingCalendar;

class OutcomeWindowTest {
    private static final OutcomeDefinition DAILY = new OutcomeDefinition(1, TradingCalendar.DAILY, 0.25, 5, 3);
    private static final OutcomeDefinition WEEKDAYS = new OutcomeDefinition(1, TradingCalendar.WEEKDAYS, 0.25, 5, 3);

    private static TradingDate d(String value) {
        return TradingDate.of(value);
    }

    @Test
    void aJobReadsItsVolatilityWindowThroughItsHorizonEnd() {
        assertEquals(d("2026-03-05"), OutcomeWindow.firstClose(d("2026-03-10"), DAILY));
        assertEquals(d("2026-03-11"), OutcomeWindow.horizonEnd(d("2026-03-10"), DAILY));
        // Friday: five weekdays back is the Friday before, and the horizon is Monday.
        assertEquals(d("2026-02-27"), OutcomeWindow.firstClose(d("2026-03-06"), WEEKDAYS));
        assertEquals(d("2026-03-09"), OutcomeWindow.horizonEnd(d("2026-03-06"), WEEKDAYS));
    }

    @Test
    void aFileDecidesTheJobsFromItsOwnDayBackThroughTheHorizonAndTheLookback() {
        List<TradingDate> dates = OutcomeWindow.jobDatesDecidedBy(d("2026-03-10"), DAILY);

        assertEquals(d("2026-03-04"), dates.get(0), "1 horizon day + 5 lookback days before");
        assertEquals(d("2026-03-10"), dates.get(dates.size() - 1), "a job on the file's own day, whose close it is");
        assertEquals(7, dates.size());
        assertTrue(dates.contains(d("2026-03-09")), "the job whose horizon ends on the file's day");
    }

    @Test
    void everyJobWhoseHorizonEndsOnTheFilesDayIsInItsWindow() {
        OutcomeDefinition threeDays = new OutcomeDefinition(3, TradingCalendar.WEEKDAYS, 0.25, 5, 3);
        TradingDate monday = d("2026-03-09");
        List<TradingDate> dates = OutcomeWindow.jobDatesDecidedBy(monday, threeDays);

        for (TradingDate job = d("2026-02-20"); !job.isAfter(monday); job = job.plusDays(1)) {
            if (OutcomeWindow.horizonEnd(job, threeDays).equals(monday)) {
                assertTrue(dates.contains(job), job + " ends on " + monday);
            }
        }
        assertTrue(dates.contains(d("2026-03-01")), "a Sunday job (horizon Wed 03-04) is looked at too");
        assertEquals(d("2026-02-25"), dates.get(0), "3 + 5 weekdays before Monday 03-09");
    }
}
