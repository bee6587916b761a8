package org.locness.aggregator.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locness.aggregator.consensus.ConsensusCalculator;
import org.locness.aggregator.consensus.ModelVote;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.ModelName;
import org.locness.events.scores.ModelScore;

/**
 * The forecasts one consensus record stands for, by forecaster name: each model that voted (its
 * probabilities from {@code basis.votes}), {@value ModelScore#CONSENSUS_ADAPTIVE} (the published
 * probabilities, whatever weights made them) and {@value ModelScore#CONSENSUS_STATIC} (the same
 * votes under the ensemble file's weights, as {@link ConsensusCalculator} computes them). Pure.
 */
public final class JobForecasts {
    private JobForecasts() {
    }

    /**
     * @param fileWeights the ensemble file's weight per model; a voter the file does not name gets
     *                    no say in the static consensus, which is left out when no voter has a weight
     */
    public static Map<String, Map<String, Double>> of(ConsensusPrediction consensus, Map<String, Double> fileWeights) {
        ConsensusBasis basis = consensus.basis();
        if (basis == null) {
            throw new IllegalArgumentException("job " + consensus.jobId() + ": no basis to score");
        }
        Map<String, Map<String, Double>> forecasts = new TreeMap<>(basis.votes());
        forecasts.put(ModelScore.CONSENSUS_ADAPTIVE, consensus.probabilities());
        List<ModelVote> votes = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, Map<String, Double>> vote : new TreeMap<>(basis.votes()).entrySet()) {
            double weight = fileWeights.getOrDefault(vote.getKey(), 0.0);
            total += weight;
            votes.add(new ModelVote(ModelName.of(vote.getKey()), weight, vote.getValue()));
        }
        if (total > 0) {
            forecasts.put(ModelScore.CONSENSUS_STATIC, ConsensusCalculator.calculate(votes).probabilities());
        }
        return forecasts;
    }

    /** {@code -ln max(p(outcome), 1e-6)} of a forecast, normalised first: the loss the weights learn from. */
    public static double logLoss(Map<String, Double> forecast, String outcome) {
        double sum = forecast.values().stream().mapToDouble(Double::doubleValue).sum();
        double p = forecast.getOrDefault(outcome, 0.0) / sum;
        return -Math.log(Math.max(p, ScoreAccumulator.PROBABILITY_CLIP));
    }
}
