package org.locness.aggregator.weights;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.id.ModelName;
import org.locness.events.job.ExpectedModel;
import org.locness.events.weights.EnsembleWeights;

/**
 * Which weights a job's consensus uses. A warm adaptive record of the job's group: each voter's
 * share in it (a voter the record does not name gets its file weight's share of the job's expected
 * weight, so it is neither favoured nor silenced); otherwise the file's weights as the job carries
 * them, version {@value ConsensusBasis#FILE_WEIGHTS}. Pure.
 *
 * @param version the record's version, or 0 for the file's weights
 * @param weights the weight of each voter, as given to the calculator and recorded in the basis
 */
public record ConsensusWeights(long version, Map<ModelName, Double> weights) {
    public ConsensusWeights {
        weights = Map.copyOf(weights);
    }

    /** @param groupWeights the group's newest record, or null when there is none */
    public static ConsensusWeights choose(List<ExpectedModel> expected, List<ModelName> voters,
            EnsembleWeights groupWeights) {
        Map<ModelName, Double> file = new TreeMap<>();
        expected.forEach(m -> file.put(m.model(), m.weight()));
        Map<ModelName, Double> chosen = new TreeMap<>();
        if (groupWeights == null || !groupWeights.warm()) {
            voters.forEach(m -> chosen.put(m, file.get(m)));
            return new ConsensusWeights(ConsensusBasis.FILE_WEIGHTS, chosen);
        }
        double fileTotal = file.values().stream().mapToDouble(Double::doubleValue).sum();
        for (ModelName m : voters) {
            Double share = groupWeights.weights().get(m.value());
            chosen.put(m, share != null ? share : file.get(m) / fileTotal);
        }
        // Without a floor, shares can underflow to 0; a consensus of weightless voters is undefined.
        if (chosen.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            voters.forEach(m -> chosen.put(m, file.get(m)));
            return new ConsensusWeights(ConsensusBasis.FILE_WEIGHTS, chosen);
        }
        return new ConsensusWeights(groupWeights.version(), chosen);
    }
}
