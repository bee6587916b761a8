package org.locness.ingest.daily.context;

import java.util.ArrayList;
import java.util.List;
import org.locness.events.id.TradingDate;

/**
 * The days the context of {@code date} looks at: what is known at 06:00 that morning, so the
 * {@code marketDays} days before it (not the day itself, whose bars are still arriving) and the
 * {@code patternDays} days of unified patterns before it.
 */
public record PrepWindow(TradingDate date, int marketDays, int patternDays) {
    public static final int MARKET_DAYS = 7;
    public static final int PATTERN_DAYS = 30;

    public PrepWindow {
        if (date == null || marketDays < 1 || patternDays < 0) {
            throw new IllegalArgumentException("bad prep window: " + date + ", " + marketDays + ", " + patternDays);
        }
    }

    public static PrepWindow standard(TradingDate date) {
        return new PrepWindow(date, MARKET_DAYS, PATTERN_DAYS);
    }

    /** Oldest first, ending the day before {@code date}. */
    public List<TradingDate> marketDates() {
        return daysBefore(marketDays);
    }

    public List<TradingDate> patternDates() {
        return daysBefore(patternDays);
    }

    public TradingDate firstMarketDate() {
        return date.minusDays(marketDays);
    }

    public TradingDate lastMarketDate() {
        return date.minusDays(1);
    }

    private List<TradingDate> daysBefore(int count) {
        List<TradingDate> days = new ArrayList<>(count);
        for (int i = count; i >= 1; i--) {
            days.add(date.minusDays(i));
        }
        return days;
    }
}
