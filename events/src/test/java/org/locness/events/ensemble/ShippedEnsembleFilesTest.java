package org.locness.events.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.locness.events.id.NodeName;

/** The two ensemble files the repository ships load, and describe the seed's layout. */
class ShippedEnsembleFilesTest {
    /** Tests run in the module directory; the files live in the repository's {@code config/}. */
    private static final Path CONFIG = Path.of("..", "config");
    private static final List<String> PLACEHOLDERS = List.of("{date}", "{market}", "{overview}", "{symbol}", "{stats}", "{context}",
            "{signature}", "{history}", "{question}");

    @Test
    void productionEnsembleIsTheSeedsLayoutWithLakeModels() {
        Ensemble ensemble = EnsembleLoader.load(CONFIG.resolve("ensemble.yaml"));

        assertLayout(ensemble, "");
        assertWeights(ensemble, "");
        for (ModelSpec model : ensemble.models()) {
            assertEquals("lake:models/" + model.name() + "/", model.location());
            assertTrue(model.fromLake());
            assertEquals(4096, model.contextLimit());
            assertEquals(10, model.threads());
        }
    }

    @Test
    void demoEnsembleIsTheSameLayoutWithTheGeneratedTinyModels() {
        Ensemble ensemble = EnsembleLoader.load(CONFIG.resolve("ensemble-demo.yaml"));

        assertLayout(ensemble, "-tiny");
        assertWeights(ensemble, "-tiny");
        for (ModelSpec model : ensemble.models()) {
            Path location = Path.of(model.location());
            assertEquals(CONFIG.resolve("../models/" + model.name()).toAbsolutePath().normalize(), location);
            assertTrue(Files.isRegularFile(location.resolve("model.pt")), location + " has no model.pt");
            assertTrue(Files.isRegularFile(location.resolve("tokenizer.json")), location + " has no tokenizer.json");
            assertEquals(512, model.contextLimit());
        }
    }

    private static void assertLayout(Ensemble ensemble, String suffix) {
        assertEquals(2, ensemble.nodes().size());
        assertEquals(0, ensemble.node(NodeName.of("vm1")).orElseThrow().numaNode());
        assertEquals(1, ensemble.node(NodeName.of("vm2")).orElseThrow().numaNode());
        ensemble.nodes().forEach(n -> assertEquals(CpuSet.parse("0-33"), n.cpus()));

        Map<String, List<String>> byNode = ensemble.models().stream().collect(Collectors.groupingBy(
                m -> m.node().value(), Collectors.mapping(m -> m.name().value(), Collectors.toList())));
        assertEquals(List.of("gemma-7b" + suffix, "mistral-7b" + suffix, "gemma-4b" + suffix), byNode.get("vm1"));
        assertEquals(List.of("qwen-7b" + suffix, "gemma-2b" + suffix, "phi-3-mini" + suffix), byNode.get("vm2"));

        List<CpuSet> subsets = List.of(CpuSet.parse("4-13"), CpuSet.parse("14-23"), CpuSet.parse("24-33"));
        for (String node : List.of("vm1", "vm2")) {
            List<CpuSet> cpus = ensemble.modelsOn(NodeName.of(node)).stream().map(ModelSpec::cpus).toList();
            assertEquals(subsets, cpus, node + ": each model a disjoint, even-aligned block of 10; 0-1 reserved, 2-3 the sweeper");
        }
        for (ModelSpec model : ensemble.models()) {
            PLACEHOLDERS.forEach(p -> assertTrue(model.promptTemplate().contains(p), model.name() + " template lacks " + p));
            assertEquals(List.of(" up", " down", " flat"), model.labels());
        }
    }

    private static void assertWeights(Ensemble ensemble, String suffix) {
        Map<String, Double> weights = ensemble.models().stream()
                .collect(Collectors.toMap(m -> m.name().value(), ModelSpec::weight));
        assertEquals(Map.of("gemma-7b" + suffix, 1.5, "mistral-7b" + suffix, 1.4, "gemma-4b" + suffix, 1.0,
                "qwen-7b" + suffix, 1.4, "gemma-2b" + suffix, 0.7, "phi-3-mini" + suffix, 0.9), weights);
    }
}
