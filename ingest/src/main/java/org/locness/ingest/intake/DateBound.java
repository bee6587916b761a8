package org.locness.ingest.intake;

import java.time.LocalDate;
import org.locness.events.InvalidEventException;
import org.locness.events.id.TradingDate;

/**
 * The dates a job may be for: not after {@code maxDaysAhead} days past today (a later day has no
 * bars yet, so its job would be built from today's), and not before {@link #EARLIEST} (bars and
 * Kafka timestamps count from the epoch; an earlier date is a typo such as {@code 0026-03-10}).
 *
 * @param maxDaysAhead  how many days after today a job may be for (0 = not after today)
 * @param maxDaysAheadName the setting that sets it, named in the rejection so an operator can find it
 */
public record DateBound(int maxDaysAhead, String maxDaysAheadName) {
    public static final TradingDate EARLIEST = TradingDate.of("1970-01-01");

    public DateBound {
        if (maxDaysAhead < 0) {
            throw new IllegalArgumentException("maxDaysAhead must not be negative, was " + maxDaysAhead);
        }
    }

    /** Rejects {@code date} (field {@code date}) if it lies outside the bound on {@code today}. */
    public void check(TradingDate date, LocalDate today) {
        TradingDate latest = TradingDate.of(today.plusDays(maxDaysAhead));
        if (date.compareTo(latest) > 0) {
            throw new InvalidEventException("date", "'" + date + "' is after " + latest + ", the latest date accepted ("
                    + "today " + today + " + " + maxDaysAhead + " day(s), " + maxDaysAheadName + ")");
        }
        if (date.compareTo(EARLIEST) < 0) {
            throw new InvalidEventException("date", "'" + date + "' is before " + EARLIEST + ", the earliest date accepted");
        }
    }
}
