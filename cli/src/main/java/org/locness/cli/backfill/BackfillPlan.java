package org.locness.cli.backfill;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;

/**
 * The jobs of a backfill: one per date (oldest first) and symbol, each with the id
 * {@code <SYMBOL>-<DATE>-bf}. Ingest takes a request for an id it already gave the same symbol, day
 * and models as a duplicate and publishes nothing, so running the same backfill twice is a no-op.
 */
public record BackfillPlan(TradingDate from, TradingDate to, List<Symbol> symbols, boolean weekdaysOnly) {
    /** A year of days: a wider range is more likely a typo (2016 for 2026) than a plan. */
    public static final int MAX_DAYS = 366;
    static final String JOB_ID_SUFFIX = "-bf";

    public BackfillPlan {
        checkRange(from, to);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("no symbols to backfill");
        }
        symbols = List.copyOf(symbols);
    }

    public static void checkRange(TradingDate from, TradingDate to) {
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
        if (to.date().toEpochDay() - from.date().toEpochDay() + 1 > MAX_DAYS) {
            throw new IllegalArgumentException("--from " + from + " --to " + to + " spans more than " + MAX_DAYS
                    + " days: backfill a year at a time");
        }
    }

    public static JobId jobId(Symbol symbol, TradingDate date) {
        return JobId.of(symbol.value() + "-" + date.value() + JOB_ID_SUFFIX);
    }

    public List<TradingDate> dates() {
        List<TradingDate> dates = new ArrayList<>();
        for (TradingDate d = from; d.compareTo(to) <= 0; d = d.plusDays(1)) {
            DayOfWeek day = d.date().getDayOfWeek();
            if (!weekdaysOnly || (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY)) {
                dates.add(d);
            }
        }
        return dates;
    }

    /** Every request, date by date; each for the whole ensemble. */
    public List<JobRequested> requests() {
        List<JobRequested> requests = new ArrayList<>();
        for (TradingDate date : dates()) {
            for (Symbol symbol : symbols) {
                requests.add(new JobRequested(symbol, date, jobId(symbol, date), null));
            }
        }
        return requests;
    }
}
