package org.locness.events.ensemble;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.TradingCalendar;
import org.locness.events.weights.AdaptiveWeightsSpec;

/**
 * Reads {@code config/ensemble.yaml} and checks it as a whole: names, nodes, weights, CPU subsets
 * (inside their node, not overlapping on one node), threads within the subset, labels, template,
 * the quorum (at least one model, at most as many as the ensemble has; a weight share in (0, 1]), the
 * outcome definition and the adaptive weights' settings (both have documented defaults when absent).
 */
public final class EnsembleLoader {
    public static final String ENV = "LOCNESS_ENSEMBLE";
    public static final Path DEFAULT = Path.of("config/ensemble.yaml");
    static final List<String> DEFAULT_LABELS = List.of(" up", " down", " flat");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's shape, before validation. */
    record RawEnsemble(Defaults defaults, RawQuorum quorum, RawOutcome outcome, RawAdaptiveWeights adaptiveWeights,
            List<RawNode> nodes, List<RawModel> models) {
    }

    record RawOutcome(Integer horizonDays, String calendar, Double flatVolatilityFraction, Integer volatilityDays,
            Integer minVolatilityDays) {
    }

    record RawAdaptiveWeights(Double learningRate, Double floor, Integer warmUp, String groupBy) {
    }

    record RawQuorum(Integer minModels, Double minWeightShare) {
    }

    record Defaults(Integer contextLimit, List<String> labels, String promptTemplate) {
    }

    record RawNode(String name, Integer numaNode, String cpus) {
    }

    record RawModel(String name, String node, Double weight, Integer threads, String cpus, String location,
            Integer contextLimit, List<String> labels, String promptTemplate) {
    }

    private EnsembleLoader() {
    }

    public static Ensemble load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new EnsembleException(file.toString(), List.of("file not found (set " + ENV + " or --ensemble)"));
        }
        RawEnsemble raw;
        try {
            raw = YAML.readValue(file.toFile(), RawEnsemble.class);
        } catch (IOException e) {
            throw new EnsembleException(file.toString(), List.of("not readable as YAML: " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        return validate(file.toString(), raw, base);
    }

    static Ensemble validate(String source, RawEnsemble raw, Path base) {
        List<String> problems = new ArrayList<>();
        if (raw == null || raw.nodes() == null || raw.nodes().isEmpty()) {
            throw new EnsembleException(source, List.of("nodes: at least one node is required"));
        }
        if (raw.models() == null || raw.models().isEmpty()) {
            throw new EnsembleException(source, List.of("models: at least one model is required"));
        }
        Defaults defaults = raw.defaults() == null ? new Defaults(null, null, null) : raw.defaults();
        Map<NodeName, NodeSpec> nodes = new HashMap<>();
        List<NodeSpec> nodeList = new ArrayList<>();
        for (RawNode rn : raw.nodes()) {
            if (rn == null) {
                problems.add("nodes: an entry is empty");
                continue;
            }
            try {
                NodeName name = NodeName.of(rn.name());
                CpuSet cpus = CpuSet.parse(rn.cpus());
                if (rn.numaNode() == null || rn.numaNode() < 0) {
                    problems.add("node " + name + ": numaNode is required and must be >= 0");
                    continue;
                }
                NodeSpec spec = new NodeSpec(name, rn.numaNode(), cpus);
                if (nodes.putIfAbsent(name, spec) != null) {
                    problems.add("node " + name + ": defined twice");
                    continue;
                }
                nodeList.add(spec);
            } catch (InvalidEventException | IllegalArgumentException e) {
                problems.add("node " + rn.name() + ": " + e.getMessage());
            }
        }
        List<ModelSpec> models = new ArrayList<>();
        Set<ModelName> seen = new HashSet<>();
        for (RawModel rm : raw.models()) {
            if (rm == null) {
                problems.add("models: an entry is empty");
                continue;
            }
            String at = "model " + rm.name();
            ModelName name;
            NodeName nodeName;
            try {
                name = ModelName.of(rm.name());
                nodeName = NodeName.of(rm.node());
            } catch (InvalidEventException e) {
                problems.add(at + ": " + e.getMessage());
                continue;
            }
            if (!seen.add(name)) {
                problems.add(at + ": duplicate model name");
                continue;
            }
            NodeSpec node = nodes.get(nodeName);
            if (node == null) {
                problems.add(at + ": unknown node '" + nodeName + "' (known: " + nodes.keySet() + ")");
                continue;
            }
            if (rm.weight() == null || !Double.isFinite(rm.weight()) || rm.weight() <= 0) {
                problems.add(at + ": weight must be a number > 0, was " + rm.weight());
            }
            CpuSet cpus;
            try {
                cpus = CpuSet.parse(rm.cpus());
            } catch (IllegalArgumentException e) {
                problems.add(at + ": cpus: " + e.getMessage());
                continue;
            }
            if (!cpus.isSubsetOf(node.cpus())) {
                problems.add(at + ": cpus " + cpus.minus(node.cpus()) + " are outside node " + nodeName
                        + " (" + node.cpus() + ")");
            }
            int threads = rm.threads() == null ? cpus.size() : rm.threads();
            if (threads < 1 || threads > cpus.size()) {
                problems.add(at + ": threads " + threads + " must be between 1 and its " + cpus.size() + " CPUs");
            }
            if (rm.location() == null || rm.location().isBlank()) {
                problems.add(at + ": location is required (a directory or lake:models/<name>/)");
                continue;
            }
            int contextLimit = rm.contextLimit() != null ? rm.contextLimit()
                    : defaults.contextLimit() != null ? defaults.contextLimit() : 512;
            if (contextLimit < 64) {
                problems.add(at + ": contextLimit " + contextLimit + " is below 64 tokens");
            }
            List<String> labels = rm.labels() != null ? rm.labels()
                    : defaults.labels() != null ? defaults.labels() : DEFAULT_LABELS;
            if (labels.stream().anyMatch(Objects::isNull)) {
                problems.add(at + ": labels must not contain an empty entry");
                continue;
            }
            if (labels.size() < 2 || labels.stream().map(ModelSpec::labelName).distinct().count() != labels.size()
                    || labels.stream().anyMatch(l -> ModelSpec.labelName(l).isEmpty())) {
                problems.add(at + ": labels must be at least two distinct non-blank strings, were " + labels);
            }
            String template = rm.promptTemplate() != null ? rm.promptTemplate() : defaults.promptTemplate();
            if (template == null || !template.contains("{question}")) {
                problems.add(at + ": promptTemplate is required and must contain {question}");
            }
            if (rm.location().startsWith(ModelSpec.LAKE_PREFIX)) {
                try {
                    ObjectKey.of(rm.location().substring(ModelSpec.LAKE_PREFIX.length()).replaceAll("/+$", ""));
                } catch (InvalidEventException e) {
                    problems.add(at + ": location '" + rm.location() + "' is not a lake key: " + e.reason());
                    continue;
                }
            }
            String location = rm.location().startsWith(ModelSpec.LAKE_PREFIX)
                    ? rm.location() : base.resolve(rm.location()).normalize().toString();
            models.add(new ModelSpec(name, nodeName, rm.weight() == null ? 0 : rm.weight(), threads, cpus, location,
                    contextLimit, List.copyOf(labels), template));
        }
        for (NodeSpec node : nodeList) {
            List<ModelSpec> onNode = models.stream().filter(m -> m.node().equals(node.name())).toList();
            for (int i = 0; i < onNode.size(); i++) {
                for (int j = i + 1; j < onNode.size(); j++) {
                    CpuSet overlap = onNode.get(i).cpus().intersect(onNode.get(j).cpus());
                    if (!overlap.isEmpty()) {
                        problems.add("node " + node.name() + ": models " + onNode.get(i).name() + " and "
                                + onNode.get(j).name() + " both claim CPUs " + overlap);
                    }
                }
            }
        }
        Quorum quorum = quorum(raw.quorum(), raw.models().size(), problems);
        OutcomeDefinition outcome = outcome(raw.outcome(), problems);
        AdaptiveWeightsSpec adaptiveWeights = adaptiveWeights(raw.adaptiveWeights(), problems);
        if (!problems.isEmpty()) {
            throw new EnsembleException(source, problems);
        }
        return new Ensemble(nodeList, models, quorum, outcome, adaptiveWeights);
    }

    private static Quorum quorum(RawQuorum raw, int modelCount, List<String> problems) {
        if (raw == null) {
            return Quorum.DEFAULT;
        }
        int minModels = raw.minModels() == null ? Quorum.DEFAULT.minModels() : raw.minModels();
        double minWeightShare = raw.minWeightShare() == null ? Quorum.DEFAULT.minWeightShare() : raw.minWeightShare();
        List<String> found = new ArrayList<>(Quorum.problems(minModels, minWeightShare));
        if (minModels > modelCount) {
            found.add("quorum.minModels " + minModels + " is more than the ensemble's " + modelCount
                    + " models: no job could ever reach it");
        }
        problems.addAll(found);
        return found.isEmpty() ? new Quorum(minModels, minWeightShare) : null;
    }

    private static OutcomeDefinition outcome(RawOutcome raw, List<String> problems) {
        if (raw == null) {
            return OutcomeDefinition.DEFAULT;
        }
        OutcomeDefinition d = OutcomeDefinition.DEFAULT;
        TradingCalendar calendar = null;
        try {
            calendar = raw.calendar() == null ? d.calendar() : TradingCalendar.valueOf(raw.calendar().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("outcome.calendar must be daily or weekdays, was '" + raw.calendar() + "'");
            return null;
        }
        int horizonDays = raw.horizonDays() == null ? d.horizonDays() : raw.horizonDays();
        double flat = raw.flatVolatilityFraction() == null ? d.flatVolatilityFraction() : raw.flatVolatilityFraction();
        int volatilityDays = raw.volatilityDays() == null ? d.volatilityDays() : raw.volatilityDays();
        int minDays = raw.minVolatilityDays() == null ? Math.min(d.minVolatilityDays(), volatilityDays)
                : raw.minVolatilityDays();
        List<String> found = OutcomeDefinition.problems(horizonDays, calendar, flat, volatilityDays, minDays);
        problems.addAll(found);
        return found.isEmpty() ? new OutcomeDefinition(horizonDays, calendar, flat, volatilityDays, minDays) : null;
    }

    private static AdaptiveWeightsSpec adaptiveWeights(RawAdaptiveWeights raw, List<String> problems) {
        if (raw == null) {
            return AdaptiveWeightsSpec.DEFAULT;
        }
        AdaptiveWeightsSpec d = AdaptiveWeightsSpec.DEFAULT;
        double learningRate = raw.learningRate() == null ? d.learningRate() : raw.learningRate();
        double floor = raw.floor() == null ? d.floor() : raw.floor();
        int warmUp = raw.warmUp() == null ? d.warmUp() : raw.warmUp();
        String groupBy = raw.groupBy() == null ? d.groupBy() : raw.groupBy();
        List<String> found = AdaptiveWeightsSpec.problems(learningRate, floor, warmUp, groupBy);
        problems.addAll(found);
        return found.isEmpty() ? new AdaptiveWeightsSpec(learningRate, floor, warmUp, groupBy) : null;
    }
}
