package org.locness.events.outcome;

import java.time.DayOfWeek;
import org.locness.events.id.TradingDate;

/**
 * Which dates a market trades on, so "one trading day later" is defined. The synthetic demo market
 * trades every day (its bars cover 24 hours, as crypto markets do); equity markets trade on weekdays.
 * Holidays are not modelled: a weekday without data is a missing day, named, never skipped.
 */
public enum TradingCalendar {
    DAILY,
    WEEKDAYS;

    public boolean trades(TradingDate date) {
        DayOfWeek day = date.date().getDayOfWeek();
        return this == DAILY || (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY);
    }

    /** The trading day {@code days} trading days after {@code date} (which need not itself be one). */
    public TradingDate plusTradingDays(TradingDate date, int days) {
        TradingDate current = date;
        int left = days;
        while (left > 0) {
            current = current.plusDays(1);
            if (trades(current)) {
                left--;
            }
        }
        return current;
    }

    /** The trading day before {@code date}. */
    public TradingDate previousTradingDay(TradingDate date) {
        TradingDate current = date.minusDays(1);
        while (!trades(current)) {
            current = current.minusDays(1);
        }
        return current;
    }
}
