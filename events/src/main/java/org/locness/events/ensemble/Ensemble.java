package org.locness.events.ensemble;

import java.util.List;
import java.util.Optional;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.job.ExpectedModel;

/** The validated ensemble: which models run where, with which weights. Load with {@link EnsembleLoader}. */
public record Ensemble(List<NodeSpec> nodes, List<ModelSpec> models) {
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

    public List<ExpectedModel> expected(List<ModelSpec> chosen) {
        return chosen.stream().map(m -> new ExpectedModel(m.name(), m.node(), m.weight())).toList();
    }
}
