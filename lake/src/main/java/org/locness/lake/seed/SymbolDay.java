package org.locness.lake.seed;

import java.util.List;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * One symbol's bars for one day, with what the generator put in on purpose: the log-size of the
 * opening gap (0 when the day opened at the previous close), how many bars carry a volume spike, the
 * day's volatility regime, whether its last hour had a volume surge, and the {@link NextDayRule}
 * signal of its end state, which sets the next day's drift.
 */
public record SymbolDay(Symbol symbol, TradingDate date, List<Bar> bars, double openingGap, int volumeSpikes,
        VolatilityRegime regime, boolean closingSurge, double nextDaySignal) {
    public SymbolDay {
        bars = List.copyOf(bars);
    }

    public boolean hasOpeningGap() {
        return openingGap != 0.0;
    }
}
