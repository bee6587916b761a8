package org.locness.lake.seed;

/**
 * The synthetic market's predictable part: what a day's observable end state says about the next
 * day's direction. Everything it reads is in the prompt (the day's return as {@code trend=}, the
 * regime as {@code vol=}, the closing volume surge as {@code volume=spike}, the opening gap as
 * {@code gap=}), so a model can learn it, but the next day's noise is as large as the effect, so no
 * one can call every day.
 *
 * <p>The signal, roughly in [-2, 2]:
 * <ul>
 *   <li>trend: +1 when the day rose more than 0.2 %, -1 when it fell more than 0.2 %, else 0
 *       (the signature's {@code trend=} threshold);</li>
 *   <li>calm days continue (momentum, weight +1), stressed days revert (weight -1), normal days
 *       carry almost nothing (+0.15);</li>
 *   <li>a volume surge in the last hour makes the trend's effect 1.6 times stronger;</li>
 *   <li>an opening gap beyond 0.5 % (the signature's {@code gap=} threshold) adds 0.35 in its
 *       direction, in every regime.</li>
 * </ul>
 * The next day's drift is {@link #EFFECT} × signal × the symbol's typical daily volatility: a
 * forecaster that knows the rule calls about 60 % of calm and stressed days right (up/down/flat),
 * and little better than chance on normal days.
 */
public final class NextDayRule {
    /** Drift per unit of signal, as a fraction of the symbol's typical daily volatility. */
    public static final double EFFECT = 0.5;
    static final double TREND_THRESHOLD = 0.002;
    static final double GAP_THRESHOLD = 0.005;
    static final double SURGE_STRENGTH = 1.6;
    static final double GAP_WEIGHT = 0.35;

    private NextDayRule() {
    }

    /**
     * @param dayReturn the day's last close over its first open, minus one
     * @param openingGap the day's first open over the previous close, minus one (0 without a gap)
     */
    public static double signal(double dayReturn, VolatilityRegime regime, boolean closingSurge, double openingGap) {
        double trend = dayReturn > TREND_THRESHOLD ? 1 : dayReturn < -TREND_THRESHOLD ? -1 : 0;
        double gap = openingGap > GAP_THRESHOLD ? 1 : openingGap < -GAP_THRESHOLD ? -1 : 0;
        return trendWeight(regime) * trend * (closingSurge ? SURGE_STRENGTH : 1) + GAP_WEIGHT * gap;
    }

    static double trendWeight(VolatilityRegime regime) {
        return switch (regime) {
            case CALM -> 1.0;
            case NORMAL -> 0.15;
            case STRESSED -> -1.0;
        };
    }
}
