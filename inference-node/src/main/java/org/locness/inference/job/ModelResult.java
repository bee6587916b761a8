package org.locness.inference.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.job.JobReady;
import org.locness.inference.model.LabelDistribution;

/**
 * One model's answer to one job, as written to its output files and announced.
 *
 * @param probabilities label name (no leading space: "up", "down", "flat") to probability, in the
 *     model's label order
 * @param prediction the most probable label's name
 */
record ModelResult(JobReady job, ModelName model, NodeName node, Map<String, Double> probabilities,
        String prediction, String signature, int promptTokens, long inferenceMillis) {

    ModelResult {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        if (!probabilities.containsKey(prediction)) {
            throw new IllegalArgumentException("prediction '" + prediction + "' is not one of " + probabilities.keySet());
        }
    }

    static ModelResult of(JobReady job, ModelName model, NodeName node, LabelDistribution distribution,
            String signature, int promptTokens, long inferenceMillis) {
        Map<String, Double> byName = new LinkedHashMap<>();
        distribution.probabilities().forEach((label, p) -> byName.put(ModelSpec.labelName(label), p));
        return new ModelResult(job, model, node, byName, ModelSpec.labelName(distribution.prediction()), signature,
                promptTokens, inferenceMillis);
    }

    double probability(String name) {
        Double p = probabilities.get(name);
        if (p == null) {
            throw new IllegalArgumentException("model " + model + " has no label '" + name + "': " + probabilities.keySet());
        }
        return p;
    }

    double confidence() {
        return probabilities.get(prediction);
    }
}
