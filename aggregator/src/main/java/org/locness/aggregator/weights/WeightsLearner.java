package org.locness.aggregator.weights;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.locness.events.weights.AdaptiveWeightsSpec;
import org.locness.events.weights.EnsembleWeights;

/**
 * One group's next weights after a scored job: {@link HedgeWeights} over the voters' log losses,
 * the version and outcome count one higher, {@code warm} once the group has {@code warmUp}
 * outcomes. A group's first update starts from the ensemble file's weights, normalised.
 */
public final class WeightsLearner {
    private final Map<String, Double> fileWeights;
    private final AdaptiveWeightsSpec spec;

    /** @param fileWeights the ensemble file's weight per model (any positive scale; empty when there is no file) */
    public WeightsLearner(Map<String, Double> fileWeights, AdaptiveWeightsSpec spec) {
        this.fileWeights = Map.copyOf(fileWeights);
        this.spec = spec;
    }

    public AdaptiveWeightsSpec spec() {
        return spec;
    }

    /**
     * @param previous the group's current record, null before its first update
     * @param losses   the log loss of each model that voted on the job
     * @return empty when the group has no weights to learn (no ensemble file and no earlier record)
     */
    public Optional<EnsembleWeights> next(String group, EnsembleWeights previous, Map<String, Double> losses,
            String jobId, Instant now) {
        Map<String, Double> shares;
        if (previous != null) {
            shares = previous.weights();
        } else if (!fileWeights.isEmpty()) {
            shares = HedgeWeights.normalise(fileWeights);
        } else {
            return Optional.empty();
        }
        long version = previous == null ? 1 : previous.version() + 1;
        long outcomes = previous == null ? 1 : previous.outcomes() + 1;
        Map<String, Double> updated = HedgeWeights.update(shares, losses, spec.learningRate(), spec.floor());
        return Optional.of(new EnsembleWeights(group, version, outcomes >= spec.warmUp(), outcomes, updated, jobId, now));
    }
}
