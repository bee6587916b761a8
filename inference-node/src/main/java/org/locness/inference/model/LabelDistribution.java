package org.locness.inference.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probabilities of a model's labels, in label order, summing to 1.
 *
 * @param probabilities label to probability, iterated in the model's label order
 */
public record LabelDistribution(Map<String, Double> probabilities) {

    /** How far from 1 the probabilities may sum; softmax in doubles lands far inside it. */
    static final double SUM_TOLERANCE = 1e-6;

    public LabelDistribution {
        if (probabilities.size() < 2) {
            throw new IllegalArgumentException("a distribution needs at least two labels: " + probabilities);
        }
        double sum = 0;
        for (Map.Entry<String, Double> entry : probabilities.entrySet()) {
            double p = entry.getValue();
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of '" + entry.getKey() + "' is " + p);
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("probabilities sum to " + sum + ", not 1: " + probabilities);
        }
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /** Softmax of {@code logits} (one per label, same order), computed in doubles. */
    public static LabelDistribution softmax(List<String> labels, double[] logits) {
        if (labels.size() != logits.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + logits.length + " logits");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            if (!Double.isFinite(logit)) {
                throw new IllegalArgumentException("non-finite logit " + logit + " for labels " + labels);
            }
            max = Math.max(max, logit);
        }
        double[] exp = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            // Shifting by the maximum keeps exp() from overflowing on large logits.
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < logits.length; i++) {
            if (probabilities.put(labels.get(i), exp[i] / sum) != null) {
                throw new IllegalArgumentException("duplicate label '" + labels.get(i) + "'");
            }
        }
        return new LabelDistribution(probabilities);
    }

    /** The probability of {@code label}. */
    public double probability(String label) {
        Double p = probabilities.get(label);
        if (p == null) {
            throw new IllegalArgumentException("unknown label '" + label + "', labels are " + probabilities.keySet());
        }
        return p;
    }

    /** The most probable label; on a tie, the one listed first. */
    public String prediction() {
        String best = null;
        double bestP = -1;
        for (Map.Entry<String, Double> entry : probabilities.entrySet()) {
            if (entry.getValue() > bestP) {
                best = entry.getKey();
                bestP = entry.getValue();
            }
        }
        return best;
    }

    /** The probability of {@link #prediction()}. */
    public double confidence() {
        return probabilities.get(prediction());
    }
}
