package org.locness.lake.seed;

import java.util.List;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * One symbol's bars for one day, with what the generator put in on purpose: the log-size of the
 * opening gap (0 when the day opened at the previous close) and how many bars carry a volume spike.
 */
public record SymbolDay(Symbol symbol, TradingDate date, List<Bar> bars, double openingGap, int volumeSpikes) {
    public SymbolDay {
        bars = List.copyOf(bars);
    }

    public boolean hasOpeningGap() {
        return openingGap != 0.0;
    }
}
