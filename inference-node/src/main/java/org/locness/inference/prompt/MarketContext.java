package org.locness.inference.prompt;

/**
 * The day's market-wide context and this symbol's row of it, from {@code daily-prepared/<date>.parquet}.
 * {@code previousClose} is NaN when the context has no row for the symbol; {@code stale} when the
 * context is from an earlier day than the job.
 */
public record MarketContext(String contextDate, boolean stale, double previousClose, double return7d,
        double volumeZscore, String trend, double breadth, double meanReturn, double dispersion) {

    public static MarketContext absent() {
        return new MarketContext(null, true, Double.NaN, Double.NaN, Double.NaN, "unknown", Double.NaN, Double.NaN,
                Double.NaN);
    }

    public boolean present() {
        return contextDate != null;
    }
}
