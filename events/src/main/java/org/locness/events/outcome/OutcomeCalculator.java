package org.locness.events.outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * A job's outcome from a symbol's daily closes: values in, values out, no I/O. Empty while the
 * outcome cannot be known yet (the horizon's close is not in and no later day is either); a day that
 * is missing while a later one is present makes a MISSING_DATA outcome that names it, so nothing is
 * guessed and a late file can still produce the REALIZED record (same key, it replaces the first).
 */
public final class OutcomeCalculator {
    private OutcomeCalculator() {
    }

    /**
     * @param closes the symbol's last close of each day with market data, by date; any range, at least the
     *        volatility window before the job's date through its horizon end for a REALIZED outcome
     */
    public static Optional<OutcomeRealized> realize(JobId jobId, Symbol symbol, TradingDate date,
            SortedMap<TradingDate, Double> closes, OutcomeDefinition definition, Instant now) {
        TradingCalendar calendar = definition.calendar();
        TradingDate horizonEnd = calendar.plusTradingDays(date, definition.horizonDays());
        boolean laterDataExists = !closes.tailMap(horizonEnd.plusDays(1)).isEmpty();
        List<TradingDate> missing = new ArrayList<>();
        if (!closes.containsKey(date)) {
            missing.add(date);
        }
        if (!closes.containsKey(horizonEnd)) {
            missing.add(horizonEnd);
        }
        if (!missing.isEmpty()) {
            return laterDataExists || closes.containsKey(horizonEnd)
                    ? Optional.of(new OutcomeRealized(jobId, symbol, date, horizonEnd, OutcomeStatus.MISSING_DATA,
                            null, null, null, null, null, null, null, missing, now))
                    : Optional.empty();
        }
        Volatility volatility = volatility(date, closes, definition);
        double closeAtDate = closes.get(date);
        double closeAtHorizon = closes.get(horizonEnd);
        if (volatility.returns() < definition.minVolatilityDays()) {
            return Optional.of(new OutcomeRealized(jobId, symbol, date, horizonEnd,
                    OutcomeStatus.INSUFFICIENT_HISTORY, closeAtDate, closeAtHorizon, null, null, null,
                    volatility.returns(), null, volatility.missing(), now));
        }
        double realizedReturn = closeAtHorizon / closeAtDate - 1;
        double threshold = definition.flatVolatilityFraction() * volatility.sigma()
                * Math.sqrt(definition.horizonDays());
        return Optional.of(new OutcomeRealized(jobId, symbol, date, horizonEnd, OutcomeStatus.REALIZED, closeAtDate,
                closeAtHorizon, realizedReturn, label(realizedReturn, threshold), volatility.sigma(),
                volatility.returns(), threshold, volatility.missing(), now));
    }

    /** {@code flat} when the move is smaller than the threshold, else its sign. */
    public static String label(double realizedReturn, double flatThreshold) {
        if (Math.abs(realizedReturn) < flatThreshold) {
            return "flat";
        }
        return realizedReturn > 0 ? "up" : "down";
    }

    /**
     * Sample standard deviation of the daily log returns ending at {@code date}, over the window's
     * trading days whose close and previous trading day's close are both known; the window's days
     * without a close are named.
     */
    static Volatility volatility(TradingDate date, SortedMap<TradingDate, Double> closes, OutcomeDefinition definition) {
        TradingCalendar calendar = definition.calendar();
        List<Double> returns = new ArrayList<>();
        List<TradingDate> missing = new ArrayList<>();
        TradingDate day = date;
        for (int i = 0; i < definition.volatilityDays(); i++) {
            TradingDate previous = calendar.previousTradingDay(day);
            Double close = closes.get(day);
            Double previousClose = closes.get(previous);
            if (close == null && !day.equals(date)) {
                missing.add(day);
            }
            if (close != null && previousClose != null) {
                returns.add(Math.log(close / previousClose));
            }
            day = previous;
        }
        if (returns.size() < 2) {
            return new Volatility(Double.NaN, returns.size(), missing);
        }
        double mean = returns.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum();
        return new Volatility(Math.sqrt(squares / (returns.size() - 1)), returns.size(), missing);
    }

    record Volatility(double sigma, int returns, List<TradingDate> missing) {
    }
}
