package org.locness.aggregator.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.locness.aggregator.consensus.ConsensusCalculator;
import org.locness.events.id.TradingDate;
import org.locness.events.scores.CalibrationBin;
import org.locness.events.scores.ModelScore;

/**
 * The running sums behind one forecaster's score in one scope. Immutable: {@link #add} returns the
 * sums with one more scored forecast, so the processor stores each step whole.
 *
 * <p>A forecast is normalised to sum to 1 first (as the consensus does), labels it does not name
 * count as 0. Brier is the sum over the labels (the outcome's and the forecast's) of the squared
 * error; log loss is {@code -ln max(p(outcome), 1e-6)}; a hit is a top label (ties broken as
 * {@link ConsensusCalculator#argmax} breaks them) equal to the outcome. Calibration bins the top
 * label's probability into ten equal-width bins over [0, 1] (1.0 falls in the last).
 *
 * @param binCount      forecasts per bin (10)
 * @param binConfidence sum of the top-label probabilities per bin
 * @param binHits       hits per bin
 * @param asOf          the newest scored job's date, null before the first
 */
public record ScoreAccumulator(long jobs, double brierSum, double logLossSum, long hits, List<Long> binCount,
        List<Double> binConfidence, List<Long> binHits, TradingDate asOf) {
    public static final int BINS = 10;
    public static final double PROBABILITY_CLIP = 1e-6;

    public ScoreAccumulator {
        binCount = List.copyOf(binCount);
        binConfidence = List.copyOf(binConfidence);
        binHits = List.copyOf(binHits);
        if (binCount.size() != BINS || binConfidence.size() != BINS || binHits.size() != BINS) {
            throw new IllegalArgumentException("calibration needs " + BINS + " bins");
        }
    }

    public static ScoreAccumulator empty() {
        List<Long> zeros = Collections.nCopies(BINS, 0L);
        return new ScoreAccumulator(0, 0, 0, 0, zeros, Collections.nCopies(BINS, 0.0), zeros, null);
    }

    /** These sums with one more forecast of job date {@code date} whose realized label is {@code outcome}. */
    public ScoreAccumulator add(Map<String, Double> forecast, String outcome, TradingDate date) {
        SortedMap<String, Double> p = normalise(forecast);
        double brier = 0;
        for (String label : labels(p, outcome)) {
            double error = p.getOrDefault(label, 0.0) - (label.equals(outcome) ? 1 : 0);
            brier += error * error;
        }
        double logLoss = JobForecasts.logLoss(p, outcome);
        String top = ConsensusCalculator.argmax(p);
        boolean hit = top.equals(outcome);
        double confidence = p.get(top);
        int bin = Math.min(BINS - 1, (int) Math.floor(confidence * BINS));

        List<Long> count = new ArrayList<>(binCount);
        List<Double> conf = new ArrayList<>(binConfidence);
        List<Long> binHit = new ArrayList<>(binHits);
        count.set(bin, count.get(bin) + 1);
        conf.set(bin, conf.get(bin) + confidence);
        binHit.set(bin, binHit.get(bin) + (hit ? 1 : 0));
        TradingDate newest = asOf == null || date.compareTo(asOf) > 0 ? date : asOf;
        return new ScoreAccumulator(jobs + 1, brierSum + brier, logLossSum + logLoss, hits + (hit ? 1 : 0), count,
                conf, binHit, newest);
    }

    public double brier() {
        return brierSum / jobs;
    }

    public double logLoss() {
        return logLossSum / jobs;
    }

    public double hitRate() {
        return (double) hits / jobs;
    }

    /** Expected calibration error: over the bins, count/N × |accuracy − mean confidence|. */
    public double ece() {
        double ece = 0;
        for (CalibrationBin bin : calibration()) {
            ece += (double) bin.count() / jobs * Math.abs(bin.accuracy() - bin.meanConfidence());
        }
        return ece;
    }

    /** The non-empty bins, lowest first. */
    public List<CalibrationBin> calibration() {
        List<CalibrationBin> bins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            long n = binCount.get(i);
            if (n > 0) {
                bins.add(new CalibrationBin((double) i / BINS, (double) (i + 1) / BINS, n, binConfidence.get(i) / n,
                        (double) binHits.get(i) / n));
            }
        }
        return bins;
    }

    /** @throws IllegalStateException before the first forecast: a score covers at least one job */
    public ModelScore toScore(String name, String scope, Instant updatedAt) {
        if (jobs == 0) {
            throw new IllegalStateException("no forecast scored yet for " + name + "|" + scope);
        }
        // Rounding can leave a perfect forecaster's sums a hair below zero; the contract wants >= 0.
        return new ModelScore(name, scope, asOf, jobs, Math.max(0, brier()), Math.max(0, logLoss()), hitRate(), ece(),
                calibration(), updatedAt);
    }

    private static SortedMap<String, Double> normalise(Map<String, Double> forecast) {
        // Summed in label order: the same forecast gives the same bits whatever order its map iterates in.
        double sum = 0;
        for (double value : new TreeMap<>(forecast).values()) {
            sum += value;
        }
        double total = sum;
        if (forecast.isEmpty() || !(sum > 0) || !Double.isFinite(sum)) {
            throw new IllegalArgumentException("a forecast needs probabilities with a positive finite sum, was " + forecast);
        }
        SortedMap<String, Double> p = new TreeMap<>(forecast);
        p.replaceAll((label, value) -> value / total);
        return p;
    }

    private static TreeSet<String> labels(SortedMap<String, Double> forecast, String outcome) {
        TreeSet<String> labels = new TreeSet<>(forecast.keySet());
        labels.add(outcome);
        return labels;
    }
}
