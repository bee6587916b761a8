package org.locness.cli.backtest;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.locness.events.id.TradingDate;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.ingest.daily.context.PrepWindow;

/**
 * The dates of a backtest of {@code days} trading days: the backtest days themselves (oldest first),
 * and the span of market data to seed around them. Before the first day the seed holds enough
 * history for the outcome's volatility window ({@code volatilityDays} returns need one more close)
 * and for the daily prep's window; after the last day it holds the last day's horizon, so every
 * job's outcome can be realized. The last horizon ends on {@code today}'s newest trading day.
 */
public record BacktestPlan(List<TradingDate> days, TradingDate seedStart, TradingDate seedEnd) {

    public BacktestPlan {
        days = List.copyOf(days);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a backtest has at least one day");
        }
    }

    public static BacktestPlan of(int days, OutcomeDefinition outcome, TradingDate today) {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1, was " + days);
        }
        TradingDate seedEnd = outcome.calendar().trades(today) ? today : outcome.calendar().previousTradingDay(today);
        TradingDate last = seedEnd;
        for (int i = 0; i < outcome.horizonDays(); i++) {
            last = outcome.calendar().previousTradingDay(last);
        }
        List<TradingDate> backtestDays = new ArrayList<>(days);
        backtestDays.add(last);
        while (backtestDays.size() < days) {
            backtestDays.add(0, outcome.calendar().previousTradingDay(backtestDays.get(0)));
        }
        int history = Math.max(outcome.volatilityDays() + 1, PrepWindow.MARKET_DAYS);
        TradingDate seedStart = backtestDays.get(0);
        for (int i = 0; i < history; i++) {
            seedStart = outcome.calendar().previousTradingDay(seedStart);
        }
        return new BacktestPlan(backtestDays, seedStart, seedEnd);
    }

    /** Calendar days from the first seeded day to the last, both included: what the seed generates. */
    public int seedDays() {
        return Math.toIntExact(ChronoUnit.DAYS.between(seedStart.date(), seedEnd.date()) + 1);
    }

    public TradingDate first() {
        return days.get(0);
    }

    public TradingDate last() {
        return days.get(days.size() - 1);
    }
}
