package org.locness.ingest.outcome;

import java.util.ArrayList;
import java.util.List;
import org.locness.events.id.TradingDate;
import org.locness.events.outcome.OutcomeDefinition;

/**
 * Which days of market data a job's outcome reads, and which jobs a day of market data can settle.
 * Pure: dates and the {@link OutcomeDefinition} in, dates out.
 *
 * <p>A file for day F settles or names as missing the outcome of a job on day D when F is D itself
 * (the job's own close), when F is D's horizon end, or when F is the first day after D's horizon end
 * (its absence is then a missing day, no longer a day not yet come). So the jobs a file can change are
 * those dated from F back to F minus (horizon + lookback) trading days, the lookback being the
 * volatility window: a horizon day still missing after that many later days stays pending until the
 * job is replayed. A late file inside the volatility window of a later job does not re-open that
 * job's outcome.
 */
public final class OutcomeWindow {
    private OutcomeWindow() {
    }

    /** The first day whose close the job's volatility needs: {@code volatilityDays} trading days before its date. */
    public static TradingDate firstClose(TradingDate jobDate, OutcomeDefinition definition) {
        TradingDate day = jobDate;
        for (int i = 0; i < definition.volatilityDays(); i++) {
            day = definition.calendar().previousTradingDay(day);
        }
        return day;
    }

    public static TradingDate horizonEnd(TradingDate jobDate, OutcomeDefinition definition) {
        return definition.calendar().plusTradingDays(jobDate, definition.horizonDays());
    }

    /**
     * The dates of the jobs whose outcome a market-data file of {@code fileDate} can settle, oldest
     * first: every calendar day (jobs may be dated on a day the market does not trade) from
     * {@code horizonDays + volatilityDays} trading days before it through {@code fileDate}.
     */
    public static List<TradingDate> jobDatesDecidedBy(TradingDate fileDate, OutcomeDefinition definition) {
        TradingDate earliest = fileDate;
        for (int i = 0; i < definition.horizonDays() + definition.volatilityDays(); i++) {
            earliest = definition.calendar().previousTradingDay(earliest);
        }
        List<TradingDate> dates = new ArrayList<>();
        for (TradingDate day = earliest; !day.isAfter(fileDate); day = day.plusDays(1)) {
            dates.add(day);
        }
        return dates;
    }
}
