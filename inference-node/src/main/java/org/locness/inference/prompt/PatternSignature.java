package org.locness.inference.prompt;

/**
 * A discretized market state, e.g. {@code trend=up|vol=high|volume=spike|gap=none}: the key under
 * which patterns accumulate across days. Thresholds are per one-minute bar, so they hold for any
 * symbol whose bars are one minute apart.
 */
public final class PatternSignature {
    static final double TREND_THRESHOLD = 0.002;
    static final double LOW_VOLATILITY = 0.0008;
    static final double HIGH_VOLATILITY = 0.002;
    static final double VOLUME_SPIKE = 2.0;
    static final double VOLUME_DRY = 0.5;
    static final double GAP_THRESHOLD = 0.005;

    private PatternSignature() {
    }

    public static String of(BarStatistics stats, MarketContext context) {
        return "trend=" + trend(stats.dayReturn())
                + "|vol=" + volatility(stats.volatility())
                + "|volume=" + volume(stats.lastHourVolumeRatio())
                + "|gap=" + gap(stats.firstOpen(), context.previousClose());
    }

    static String trend(double dayReturn) {
        return dayReturn > TREND_THRESHOLD ? "up" : dayReturn < -TREND_THRESHOLD ? "down" : "flat";
    }

    static String volatility(double volatility) {
        return volatility < LOW_VOLATILITY ? "low" : volatility < HIGH_VOLATILITY ? "mid" : "high";
    }

    static String volume(double ratio) {
        return ratio > VOLUME_SPIKE ? "spike" : ratio < VOLUME_DRY ? "dry" : "normal";
    }

    static String gap(double firstOpen, double previousClose) {
        if (!Double.isFinite(previousClose) || previousClose <= 0) {
            return "none";
        }
        double gap = firstOpen / previousClose - 1;
        return gap > GAP_THRESHOLD ? "up" : gap < -GAP_THRESHOLD ? "down" : "none";
    }
}
