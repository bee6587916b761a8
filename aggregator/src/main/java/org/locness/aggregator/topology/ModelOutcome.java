package org.locness.aggregator.topology;

import java.util.Map;
import org.locness.events.id.ModelName;
import org.locness.events.inference.ModelStatus;
import org.locness.events.result.ResultStaged;

/**
 * What one model reported for a job, as kept in the job's state.
 *
 * @param receivedAtMs wall-clock time the aggregator counted it
 * @param late         it arrived after the job's consensus was published: recorded, never used
 * @param signature    the market state the model saw (null for a failure, and in state stored before
 *                     adaptive weights)
 */
public record ModelOutcome(ModelName model, ModelStatus status, Map<String, Double> probabilities, String reason,
        long receivedAtMs, boolean late, String signature) {

    static ModelOutcome of(ResultStaged result, long receivedAtMs, boolean late) {
        return new ModelOutcome(result.model(), result.status(), result.probabilities(), result.reason(),
                receivedAtMs, late, result.signature());
    }

    boolean succeeded() {
        return status == ModelStatus.SUCCEEDED;
    }
}
