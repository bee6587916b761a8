package org.locness.inference.prompt;

import java.util.Arrays;

/**
 * A symbol's bars, from which {@link #statistics()} computes the prompt's {@link BarStatistics} in time
 * order. Bars may come in any order (the reader takes them as the file holds them, which saves DuckDB a
 * sort); out-of-order bars are sorted by time once, bars of the same time keeping their order of arrival.
 * Pure: the reader fills it from the input file, tests by hand.
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
    /** Whether the bars so far are in time order. */
    private boolean inOrder = true;

    /** Appends a bar. */
    public void add(double epochSeconds, double open, double high, double low, double close, double volume) {
        if (size > 0 && epochSeconds < times[size - 1]) {
            inOrder = false;
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
        sortByTime();
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

    private void sortByTime() {
        if (inOrder) {
            return;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // A stable sort: bars of the same time keep their order of arrival.
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        times = permuted(times, order);
        opens = permuted(opens, order);
        highs = permuted(highs, order);
        lows = permuted(lows, order);
        closes = permuted(closes, order);
        volumes = permuted(volumes, order);
        inOrder = true;
    }

    private static double[] permuted(double[] values, Integer[] order) {
        double[] result = new double[values.length];
        for (int i = 0; i < order.length; i++) {
            result[i] = values[order[i]];
        }
        return result;
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
