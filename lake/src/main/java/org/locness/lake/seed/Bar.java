package org.locness.lake.seed;

import java.time.Instant;
import org.locness.events.id.Symbol;

/** One one-minute OHLCV bar, in the shape of {@code market-data/<SYMBOL>/<date>.parquet}. */
public record Bar(Instant ts, Symbol symbol, double open, double high, double low, double close, long volume) {
}
