package org.locness.events.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.NodeName;

/** The ensemble's quorum: how it is read and checked, and that the shipped files survive losing either VM. */
class QuorumTest {
    /** Tests run in the module directory; the files live in the repository's {@code config/} and the K3s base. */
    private static final List<Path> SHIPPED = List.of(Path.of("..", "config", "ensemble.yaml"),
            Path.of("..", "config", "ensemble-demo.yaml"), Path.of("..", "infra", "k3s", "base", "config", "ensemble.yaml"));
    private static final String ENSEMBLE = """
            defaults:
              promptTemplate: "{question}"
            nodes:
              - {name: vm1, numaNode: 0, cpus: "0-7"}
              - {name: vm2, numaNode: 1, cpus: "8-15"}
            models:
              - {name: gemma-7b, node: vm1, weight: 2, cpus: "0-3", location: m}
              - {name: mistral-7b, node: vm1, weight: 1, cpus: "4-7", location: m}
              - {name: qwen-7b, node: vm2, weight: 1, cpus: "8-15", location: m}
            """;

    @TempDir
    Path dir;

    @Test
    void eachShippedEnsembleKeepsItsQuorumWhenEitherVmIsLost() {
        for (Path file : SHIPPED) {
            Ensemble ensemble = EnsembleLoader.load(file);
            assertEquals(new Quorum(2, 0.4), ensemble.quorum(), file.toString());
            for (NodeSpec node : ensemble.nodes()) {
                assertEquals(Optional.empty(), ensemble.shortfallWithout(node.name()), file + " without " + node.name());
            }
        }
    }

    @Test
    void anEnsembleWithoutAQuorumSectionGetsTheDefault() throws IOException {
        Ensemble ensemble = load(ENSEMBLE);

        assertEquals(Quorum.DEFAULT, ensemble.quorum());
        // vm1 holds 3 of 4: without it 25 % is left, under the default half.
        assertEquals(Optional.of("1 of 3 models succeeded, holding 25.0% of the expected weight; the quorum needs"
                + " at least 1 models and 50.0%"), ensemble.shortfallWithout(NodeName.of("vm1")));
        assertEquals(Optional.empty(), ensemble.shortfallWithout(NodeName.of("vm2")));
    }

    @Test
    void theQuorumIsReadFromTheFile() throws IOException {
        Ensemble ensemble = load("quorum: {minModels: 1, minWeightShare: 0.25}\n" + ENSEMBLE);

        assertEquals(new Quorum(1, 0.25), ensemble.quorum());
        assertEquals(Optional.empty(), ensemble.shortfallWithout(NodeName.of("vm1")), "exactly the minimum share is enough");
    }

    @Test
    void everyQuorumProblemIsReportedWithTheFieldName() throws IOException {
        List<String> problems = problems("quorum: {minModels: 4, minWeightShare: 1.5}\n" + ENSEMBLE);
        assertTrue(problems.contains("quorum.minModels 4 is more than the ensemble's 3 models: no job could ever reach it"),
                problems::toString);
        assertTrue(problems.contains("quorum.minWeightShare must be a share of the weight in (0, 1], e.g. 0.4, was 1.5"),
                problems::toString);

        problems = problems("quorum: {minModels: 0, minWeightShare: 0}\n" + ENSEMBLE);
        assertTrue(problems.contains("quorum.minModels must be a whole number >= 1, was 0"), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("quorum.minWeightShare must be")), problems::toString);

        problems = problems("quorum: {minModel: 2}\n" + ENSEMBLE);
        assertTrue(problems.get(0).contains("minModel"), problems::toString);
    }

    @Test
    void minModelsIsCappedAtTheModelsAJobExpects() {
        Quorum quorum = new Quorum(2, 0.4);

        assertEquals(Optional.empty(), quorum.shortfall(1, 1, 1.0), "a one-model job needs its one model");
        assertEquals(Optional.of("0 of 1 models succeeded, holding 0.0% of the expected weight; the quorum needs"
                + " at least 1 models and 40.0%"), quorum.shortfall(0, 1, 0.0));
        assertTrue(quorum.shortfall(1, 6, 0.9).isPresent(), "one model is not enough however heavy");
        assertThrows(IllegalArgumentException.class, () -> new Quorum(1, Double.NaN));
    }

    private Ensemble load(String yaml) throws IOException {
        return EnsembleLoader.load(Files.writeString(dir.resolve("ensemble.yaml"), yaml));
    }

    private List<String> problems(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("ensemble.yaml"), yaml);
        return assertThrows(EnsembleException.class, () -> EnsembleLoader.load(file)).problems();
    }
}
