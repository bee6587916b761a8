package org.locness.events.weights;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.locness.events.Event;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.topic.Topic;

/**
 * One version of the adaptive weights of a group of jobs (all jobs, or those of one market regime,
 * see {@link AdaptiveWeightsSpec#groupBy()}), on the compacted {@code weights.current} topic keyed by
 * group. Weights are shares that sum to 1 over the ensemble's models. {@code warm} is false until the
 * group has {@link AdaptiveWeightsSpec#warmUp()} scored outcomes: until then consensus uses the
 * ensemble file's weights. {@code version} counts the updates of the group, from 1.
 */
public record EnsembleWeights(
        String group,
        long version,
        boolean warm,
        long outcomes,
        Map<String, Double> weights,
        String lastJobId,
        Instant updatedAt) implements Event {

    public EnsembleWeights {
        Require.text("group", group, 256);
        if (version < 1) {
            throw new InvalidEventException("version", "must be >= 1, was " + version);
        }
        Require.nonNegative("outcomes", outcomes);
        weights = Require.distribution("weights", weights);
        weights = Map.copyOf(new TreeMap<>(weights));
        Require.present("updatedAt", updatedAt);
    }

    @Override
    public String recordKey() {
        return group;
    }

    @Override
    public Topic topic() {
        return Topic.WEIGHTS_CURRENT;
    }
}
