package org.locness.lake.seed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * What to seed: {@code days} consecutive calendar days ending at {@code endDate} (the newest day,
 * which also goes to {@code pre-swept/}), {@code barsPerDay} one-minute bars from 00:00 UTC each
 * day. The same plan always produces the same bars.
 */
public record SeedPlan(List<Symbol> symbols, int days, TradingDate endDate, long seed, int barsPerDay) {
    public static final int MINUTES_PER_DAY = 1440;
    /** Ten years: a bound that catches a typo (days instead of bars) before it fills a disk. */
    public static final int MAX_DAYS = 3660;

    public SeedPlan {
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("a seed plan needs at least one symbol");
        }
        symbols = List.copyOf(symbols);
        if (new HashSet<>(symbols).size() != symbols.size()) {
            throw new IllegalArgumentException("the seed plan lists a symbol twice: " + symbols);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        if (endDate == null) {
            throw new IllegalArgumentException("a seed plan needs an end date");
        }
        if (barsPerDay < 1 || barsPerDay > MINUTES_PER_DAY) {
            throw new IllegalArgumentException("barsPerDay must be between 1 and " + MINUTES_PER_DAY + ", was " + barsPerDay);
        }
    }

    /** {@code count} numbered symbols ({@code SYM001}…), a full day of bars each. */
    public static SeedPlan numbered(int count, int days, TradingDate endDate, long seed) {
        return new SeedPlan(SeedSymbols.numbered(count), days, endDate, seed, MINUTES_PER_DAY);
    }

    public SeedPlan withBarsPerDay(int bars) {
        return new SeedPlan(symbols, days, endDate, seed, bars);
    }

    public TradingDate startDate() {
        return endDate.minusDays(days - 1L);
    }

    /** The plan's days, oldest first. */
    public List<TradingDate> dates() {
        List<TradingDate> dates = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            dates.add(startDate().plusDays(i));
        }
        return dates;
    }

    public long totalBars() {
        return (long) symbols.size() * days * barsPerDay;
    }
}
