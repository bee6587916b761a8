package org.locness.inference.prompt;

/**
 * The symbol's recent behaviour, from its input bars: the day's open and last close, return,
 * one-minute log-return volatility, volume of the last hour against the day's hourly mean, and the
 * high/low range. Computed by {@link PromptInputsReader}; consumed by the pure builder.
 */
public record BarStatistics(long bars, double firstOpen, double lastClose, double dayReturn, double lastHourReturn,
        double volatility, double lastHourVolumeRatio, double high, double low, double vwap) {
}
