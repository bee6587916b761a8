package org.locness.inference.prompt;

import java.util.Map;

/**
 * A day's context file ({@code daily-prepared/<date>.parquet}) parsed once: each symbol's row and the
 * market-wide columns every row repeats. Immutable, so every model of a node can share it; {@link #none()}
 * for a file without rows.
 */
public record DailyContext(String date, double breadth, double meanReturn, double dispersion,
        Map<String, SymbolRow> rows) {

    /** One symbol's own columns. */
    public record SymbolRow(double lastClose, double return7d, double volumeZscore, String trend) {
    }

    public DailyContext {
        rows = Map.copyOf(rows);
    }

    public static DailyContext none() {
        return new DailyContext(null, Double.NaN, Double.NaN, Double.NaN, Map.of());
    }

    /**
     * The context as a job about {@code symbol} sees it: the market-wide part always, the symbol's own
     * columns NaN (trend unknown) when the file has no row for it; absent when the file has no row at all.
     */
    public MarketContext forSymbol(String symbol, boolean stale) {
        if (date == null) {
            return MarketContext.absent();
        }
        SymbolRow row = rows.get(symbol);
        if (row == null) {
            return new MarketContext(date, stale, Double.NaN, Double.NaN, Double.NaN, "unknown", breadth, meanReturn,
                    dispersion);
        }
        return new MarketContext(date, stale, row.lastClose(), row.return7d(), row.volumeZscore(), row.trend(), breadth,
                meanReturn, dispersion);
    }
}
