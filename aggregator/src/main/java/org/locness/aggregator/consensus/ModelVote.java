package org.locness.aggregator.consensus;

import java.util.Map;
import org.locness.events.id.ModelName;

/** One model's say in a consensus: its weight and its probability per label. */
public record ModelVote(ModelName model, double weight, Map<String, Double> probabilities) {
    public ModelVote {
        if (model == null) {
            throw new IllegalArgumentException("a vote needs a model name");
        }
        if (probabilities == null) {
            throw new IllegalArgumentException(model + ": probabilities are required");
        }
        probabilities.forEach((label, p) -> {
            if (label == null || p == null) {
                throw new IllegalArgumentException(model + ": probability of '" + label
                        + "' must be a finite number >= 0, was null");
            }
        });
        probabilities = Map.copyOf(probabilities);
    }
}
