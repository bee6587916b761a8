package org.locness.events.ensemble;

import java.util.List;
import java.util.Optional;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.job.ExpectedModel;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.weights.AdaptiveWeightsSpec;

/**
 * The validated ensemble: which models run where, with which weights, the quorum a job's consensus
 * needs, what its question means ({@link OutcomeDefinition}) and how its weights adapt
 * ({@link AdaptiveWeightsSpec}). Load with {@link EnsembleLoader}.
 */
public record Ensemble(List<NodeSpec> nodes, List<ModelSpec> models, Quorum quorum, OutcomeDefinition outcome,
        AdaptiveWeightsSpec adaptiveWeights) {
    public Ensemble {
        nodes = List.copyOf(nodes);
        models = List.copyOf(models);
    }

    public Optional<ModelSpec> model(ModelName name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<NodeSpec> node(NodeName name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public List<ModelSpec> modelsOn(NodeName node) {
        return models.stream().filter(m -> m.node().equals(node)).toList();
    }

    /**
     * Empty when a job of the whole ensemble still reaches the quorum with every model of
     * {@code lost} missing and all the others succeeded; otherwise why it does not.
     */
    public Optional<String> shortfallWithout(NodeName lost) {
        List<ModelSpec> left = models.stream().filter(m -> !m.node().equals(lost)).toList();
        double total = models.stream().mapToDouble(ModelSpec::weight).sum();
        double share = left.stream().mapToDouble(ModelSpec::weight).sum() / total;
        return quorum.shortfall(left.size(), models.size(), share);
    }

    public List<ExpectedModel> expected(List<ModelSpec> chosen) {
        return chosen.stream().map(m -> new ExpectedModel(m.name(), m.node(), m.weight())).toList();
    }
}
