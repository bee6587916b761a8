package org.locness.lake.seed;

/**
 * A day's volatility regime. The per-minute volatilities are chosen so that, with a symbol's scale
 * of 0.85..1.15, a day's one-minute log-return volatility falls in the matching band of the prompt's
 * pattern signature ({@code vol=low} below 0.0008, {@code vol=mid} up to 0.002, {@code vol=high} above):
 * what the models see as {@code vol=} is the regime the market rule acts on.
 */
public enum VolatilityRegime {
    CALM(0.00055, 0.8),
    NORMAL(0.0013, 1.0),
    STRESSED(0.0026, 1.6);

    private final double minuteSigma;
    private final double volumeFactor;

    VolatilityRegime(double minuteSigma, double volumeFactor) {
        this.minuteSigma = minuteSigma;
        this.volumeFactor = volumeFactor;
    }

    /** Standard deviation of one-minute log returns before the symbol's scale. */
    public double minuteSigma() {
        return minuteSigma;
    }

    /** Stressed markets trade more. */
    public double volumeFactor() {
        return volumeFactor;
    }
}
