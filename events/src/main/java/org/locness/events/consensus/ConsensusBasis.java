package org.locness.events.consensus;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;

/**
 * What a consensus was computed from, so it can be recomputed exactly: each used model's
 * probabilities ({@code votes}), the weight each got, and which version of which weights group those
 * are ({@code weightsVersion} 0 means the ensemble file's weights: the group was not warm yet, or no
 * adaptive weights exist). {@code signature} is the job's market state as the models saw it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsensusBasis(
        String signature,
        String weightsGroup,
        long weightsVersion,
        Map<String, Double> weights,
        Map<String, Map<String, Double>> votes) {

    public static final long FILE_WEIGHTS = 0;

    public ConsensusBasis {
        Require.text("weightsGroup", weightsGroup, 256);
        if (weightsVersion < 0) {
            throw new InvalidEventException("weightsVersion", "must be >= 0, was " + weightsVersion);
        }
        weights = Map.copyOf(new TreeMap<>(Require.present("weights", weights)));
        votes = Map.copyOf(new TreeMap<>(Require.present("votes", votes)));
        if (!weights.keySet().equals(votes.keySet())) {
            throw new InvalidEventException("weights", "must name exactly the models that voted " + votes.keySet());
        }
        weights.forEach((model, w) -> Require.finiteNonNegative("weights." + model, w));
        votes.forEach((model, distribution) -> Require.distribution("votes." + model, distribution));
    }
}
