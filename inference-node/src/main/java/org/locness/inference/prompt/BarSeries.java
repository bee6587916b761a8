package org.locness.inference.prompt;

import java.util.Arrays;

/**
 * A symbol's bars in time order, from which {@link #statistics()} computes the prompt's
 * {@link BarStatistics}. Pure: the reader fills it from the input file, tests by hand.
 */
public final class BarSeries {
    private static final double HOUR_SECONDS = 3600;

    private double[] times = new double[1024];
    private double[] opens = new double[1024];
    private double[] highs = new double[1024];
    private double[] lows = new double[1024];
    private double[] closes = new double[1024];
    private double[] volumes = new double[1024];
    private int size;

    /** Appends a bar; {@code epochSeconds} must not be before the previous bar's. */
    public void add(double epochSeconds, double open, double high, double low, double close, double volume) {
        if (size > 0 && epochSeconds < times[size - 1]) {
            throw new IllegalArgumentException("bars must come in time order: " + epochSeconds + " after "
                    + times[size - 1]);
        }
        if (size == times.length) {
            int grown = size * 2;
            times = Arrays.copyOf(times, grown);
            opens = Arrays.copyOf(opens, grown);
            highs = Arrays.copyOf(highs, grown);
            lows = Arrays.copyOf(lows, grown);
            closes = Arrays.copyOf(closes, grown);
            volumes = Arrays.copyOf(volumes, grown);
        }
        times[size] = epochSeconds;
        opens[size] = open;
        highs[size] = high;
        lows[size] = low;
        closes[size] = close;
        volumes[size] = volume;
        size++;
    }

    public int size() {
        return size;
    }

    /**
     * The day's open and last close, return, the return of the last hour (bars after the last
     * bar's time minus 60 minutes), the sample standard deviation of one-bar log returns (0 with
     * fewer than two), the last hour's volume against the day's hourly mean (1 when the day has no
     * volume), high, low and the volume-weighted close (the last close when there is no volume).
     *
     * @throws IllegalStateException if there are no bars
     */
    public BarStatistics statistics() {
        if (size == 0) {
            throw new IllegalStateException("no bars");
        }
        double hourStart = times[size - 1] - HOUR_SECONDS;
        double hourOpen = Double.NaN;
        double hourVolume = 0;
        double dayVolume = 0;
        double weightedClose = 0;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            if (times[i] > hourStart) {
                if (Double.isNaN(hourOpen)) {
                    hourOpen = opens[i];
                }
                hourVolume += volumes[i];
            }
            dayVolume += volumes[i];
            weightedClose += closes[i] * volumes[i];
            high = Math.max(high, highs[i]);
            low = Math.min(low, lows[i]);
        }
        double firstOpen = opens[0];
        double lastClose = closes[size - 1];
        double minutes = (times[size - 1] - times[0]) / 60 + 1;
        double hourlyMean = minutes <= 60 ? dayVolume : dayVolume / (minutes / 60);
        return new BarStatistics(size, firstOpen, lastClose, lastClose / firstOpen - 1, lastClose / hourOpen - 1,
                logReturnDeviation(), hourlyMean == 0 ? 1 : hourVolume / hourlyMean, high, low,
                dayVolume == 0 ? lastClose : weightedClose / dayVolume);
    }

    private double logReturnDeviation() {
        int returns = size - 1;
        if (returns < 2) {
            return 0;
        }
        double mean = 0;
        for (int i = 1; i < size; i++) {
            mean += Math.log(closes[i] / closes[i - 1]);
        }
        mean /= returns;
        double squares = 0;
        for (int i = 1; i < size; i++) {
            double deviation = Math.log(closes[i] / closes[i - 1]) - mean;
            squares += deviation * deviation;
        }
        return Math.sqrt(squares / (returns - 1));
    }
}
