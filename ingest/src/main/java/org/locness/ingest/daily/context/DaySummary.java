package org.locness.ingest.daily.context;

import java.util.Objects;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * All the context needs from one market file (one symbol-day), so that a file is read once while
 * its lake version stays the same: {@code rows} read, {@code bars} of them usable, and over the
 * usable bars the day's first open, last close, volume, the sample stdev of its one-minute log
 * returns and its volume-weighted typical price. The prices are null when no bar is usable;
 * {@code volatility} is null with fewer than three bars and {@code vwap} when nothing traded.
 */
public record DaySummary(ObjectKey source, Symbol symbol, TradingDate day, long rows, long bars, Double open,
        Double close, Double volume, Double volatility, Double vwap) {

    public DaySummary {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(day, "day");
        if (bars < 0 || rows < bars) {
            throw new IllegalArgumentException(source + ": " + bars + " usable bars of " + rows + " rows");
        }
        if (bars > 0 && (open == null || close == null || volume == null)) {
            throw new IllegalArgumentException(source + ": usable bars without an open, close or volume");
        }
    }

    /** A file that was read and held {@code rows} rows, none of them usable. */
    static DaySummary withoutBars(ObjectKey source, Symbol symbol, TradingDate day, long rows) {
        return new DaySummary(source, symbol, day, rows, 0, null, null, null, null, null);
    }

    public long invalidRows() {
        return rows - bars;
    }
}
