package org.locness.aggregator.consensus;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.locness.events.id.ModelName;

/**
 * The weighted consensus of model votes: values in, values out, no I/O.
 *
 * <p>Each model's vector is normalised to sum to 1 before weighting, so the small rounding drift
 * the contract tolerates (±1e-3) cannot tilt the mean. A label a model did not name counts as 0 for
 * that model. Ties, in the mean or in a model's own vector, go to the label that comes first
 * alphabetically, so the same votes always give the same prediction.
 */
public final class ConsensusCalculator {
    /** Probabilities closer than this are a tie: they differ only by floating-point noise. */
    static final double TIE_TOLERANCE = 1e-12;

    private ConsensusCalculator() {
    }

    /**
     * @throws IllegalArgumentException for no votes, a model voting twice, a negative or non-finite
     *         weight or probability, an empty or all-zero vector, or a total weight of zero
     */
    public static Consensus calculate(List<ModelVote> votes) {
        if (votes == null || votes.isEmpty()) {
            throw new IllegalArgumentException("no votes: a consensus needs at least one model's probabilities");
        }
        Set<ModelName> seen = new HashSet<>();
        double totalWeight = 0;
        for (ModelVote vote : votes) {
            if (!seen.add(vote.model())) {
                throw new IllegalArgumentException(vote.model() + " voted twice");
            }
            if (!Double.isFinite(vote.weight()) || vote.weight() < 0) {
                throw new IllegalArgumentException(vote.model() + ": weight must be a finite number >= 0, was "
                        + vote.weight());
            }
            totalWeight += vote.weight();
        }
        if (totalWeight <= 0) {
            throw new IllegalArgumentException("total weight is 0: at least one voting model needs a positive weight");
        }

        SortedMap<String, Double> mean = new TreeMap<>();
        Map<ModelName, String> topLabels = new HashMap<>();
        for (ModelVote vote : votes) {
            SortedMap<String, Double> normalised = normalise(vote);
            topLabels.put(vote.model(), argmax(normalised));
            double share = vote.weight() / totalWeight;
            normalised.forEach((label, p) -> mean.merge(label, share * p, Double::sum));
        }
        String prediction = argmax(mean);
        double agreeingWeight = 0;
        for (ModelVote vote : votes) {
            if (topLabels.get(vote.model()).equals(prediction)) {
                agreeingWeight += vote.weight();
            }
        }
        return new Consensus(prediction, Collections.unmodifiableSortedMap(mean), mean.get(prediction),
                agreeingWeight / totalWeight, entropy(mean));
    }

    private static SortedMap<String, Double> normalise(ModelVote vote) {
        if (vote.probabilities().isEmpty()) {
            throw new IllegalArgumentException(vote.model() + ": probabilities are empty");
        }
        // Summed in label order: the same votes give the same bits whatever order their map iterates in.
        SortedMap<String, Double> ordered = new TreeMap<>(vote.probabilities());
        double sum = 0;
        for (Map.Entry<String, Double> e : ordered.entrySet()) {
            Double p = e.getValue();
            if (e.getKey().isBlank()) {
                throw new IllegalArgumentException(vote.model() + ": a label is blank");
            }
            if (p == null || !Double.isFinite(p) || p < 0) {
                throw new IllegalArgumentException(vote.model() + ": probability of '" + e.getKey()
                        + "' must be a finite number >= 0, was " + p);
            }
            sum += p;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException(vote.model() + ": probabilities are all 0");
        }
        SortedMap<String, Double> normalised = new TreeMap<>();
        for (Map.Entry<String, Double> e : ordered.entrySet()) {
            normalised.put(e.getKey(), e.getValue() / sum);
        }
        return normalised;
    }

    /**
     * The top label; iterating in label order and requiring a clear win makes ties go to the first
     * label. Public so that scores judge a forecast's top label exactly as the consensus picks it.
     */
    public static String argmax(SortedMap<String, Double> distribution) {
        String best = null;
        double bestP = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : distribution.entrySet()) {
            if (e.getValue() > bestP + TIE_TOLERANCE) {
                best = e.getKey();
                bestP = e.getValue();
            }
        }
        return best;
    }

    private static double entropy(SortedMap<String, Double> distribution) {
        double h = 0;
        for (double p : distribution.values()) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        // -0.0 and rounding just below zero would fail the contract's ">= 0" check for a certain answer.
        return Math.max(0, h);
    }
}
