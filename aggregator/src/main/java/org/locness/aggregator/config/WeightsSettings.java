package org.locness.aggregator.config;

import java.util.Map;
import java.util.TreeMap;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.weights.AdaptiveWeightsSpec;

/**
 * What the scores application and the consensus need of the ensemble file's weights: each model's
 * file weight (the static consensus, and where adaptive weights start) and how weights adapt.
 *
 * @param fileWeights model name → weight as in the file; empty when there is no file
 */
public record WeightsSettings(Map<String, Double> fileWeights, AdaptiveWeightsSpec adaptive) {
    /** No ensemble file: nothing to start adaptive weights from, the contract's default adaptation. */
    public static final WeightsSettings NONE = new WeightsSettings(Map.of(), AdaptiveWeightsSpec.DEFAULT);

    public WeightsSettings {
        fileWeights = Map.copyOf(new TreeMap<>(fileWeights));
        if (adaptive == null) {
            throw new IllegalArgumentException("adaptive weights settings are required");
        }
    }

    public static WeightsSettings of(Ensemble ensemble) {
        Map<String, Double> weights = new TreeMap<>();
        for (ModelSpec m : ensemble.models()) {
            weights.put(m.name().value(), m.weight());
        }
        AdaptiveWeightsSpec adaptive = ensemble.adaptiveWeights() == null ? AdaptiveWeightsSpec.DEFAULT
                : ensemble.adaptiveWeights();
        return new WeightsSettings(weights, adaptive);
    }
}
