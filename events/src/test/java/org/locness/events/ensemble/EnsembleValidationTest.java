package org.locness.events.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every check of the ensemble loader, through a file as an operator would write it. */
class EnsembleValidationTest {
    @TempDir
    Path dir;

    private static final String HEADER = """
            defaults:
              promptTemplate: "{symbol} {question}"
            nodes:
              - {name: vm1, numaNode: 0, cpus: 0-33}
              - {name: vm2, numaNode: 1, cpus: 0-33}
            models:
            """;

    private static String model(String name, String node, String weight, String threads, String cpus) {
        return "  - {name: " + name + ", node: " + node + ", weight: " + weight + ", threads: " + threads + ", cpus: \""
                + cpus + "\", location: lake:models/" + name + "/}\n";
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ensemble.yaml"), yaml);
    }

    private List<String> problems(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThrows(EnsembleException.class, () -> EnsembleLoader.load(file)).problems();
    }

    private static void assertOnly(List<String> problems, String expected) {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(expected), "'" + problems.get(0) + "' lacks '" + expected + "'");
    }

    @Test
    void aValidFileLoads() throws IOException {
        Ensemble ensemble = EnsembleLoader.load(write(HEADER + model("a", "vm1", "1.5", "10", "0-9")
                + model("b", "vm2", "0.5", "2", "0-9")));
        assertEquals(2, ensemble.models().size());
        assertEquals(512, ensemble.models().get(0).contextLimit(), "the loader's default context limit");
    }

    @Test
    void unknownNodeIsNamedWithTheKnownOnes() throws IOException {
        assertOnly(problems(HEADER + model("a", "vm3", "1", "1", "0-9")), "model a: unknown node 'vm3'");
    }

    @Test
    void duplicateModelIsRejected() throws IOException {
        assertOnly(problems(HEADER + model("a", "vm1", "1", "1", "0-9") + model("a", "vm2", "1", "1", "0-9")),
                "model a: duplicate model name");
    }

    @Test
    void weightMustBePositive() throws IOException {
        assertOnly(problems(HEADER + model("a", "vm1", "0", "1", "0-9")), "model a: weight must be a number > 0, was 0.0");
        assertOnly(problems(HEADER + model("a", "vm1", "-1.5", "1", "0-9")), "weight must be a number > 0, was -1.5");
        assertOnly(problems(HEADER + model("a", "vm1", "null", "1", "0-9")), "weight must be a number > 0, was null");
    }

    @Test
    void subsetsOverlappingOnOneNodeAreRejectedButNotAcrossNodes() throws IOException {
        assertOnly(problems(HEADER + model("a", "vm1", "1", "1", "0-9") + model("b", "vm1", "1", "1", "8-15")),
                "node vm1: models a and b both claim CPUs 8-9");
        // Each VM's guest numbers its own CPUs from 0: the same numbers on two nodes do not collide.
        EnsembleLoader.load(write(HEADER + model("a", "vm1", "1", "1", "0-9") + model("b", "vm2", "1", "1", "0-9")));
    }

    @Test
    void subsetOutsideItsNodeIsRejected() throws IOException {
        assertOnly(problems(HEADER + model("a", "vm1", "1", "1", "30-35")),
                "model a: cpus 34-35 are outside node vm1 (0-33)");
    }

    @Test
    void threadsMustFitTheSubset() throws IOException {
        assertOnly(problems(HEADER + model("a", "vm1", "1", "11", "0-9")),
                "model a: threads 11 must be between 1 and its 10 CPUs");
        assertOnly(problems(HEADER + model("a", "vm1", "1", "0", "0-9")), "threads 0 must be between 1 and its 10 CPUs");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        List<String> problems = problems(HEADER + model("a", "vm3", "1", "1", "0-9") + model("b", "vm1", "0", "20", "0-9"));
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void aMissingFileNamesTheVariable() {
        EnsembleException e = assertThrows(EnsembleException.class, () -> EnsembleLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("file not found (set LOCNESS_ENSEMBLE"), e.getMessage());
    }

    @Test
    void aMisspelledKeyIsNotSilentlyIgnored() throws IOException {
        assertOnly(problems(HEADER + "  - {name: a, node: vm1, weigth: 1, cpus: 0-9, location: x}\n"),
                "not readable as YAML");
    }

    @Test
    void aTemplateWithoutTheQuestionIsRejected() throws IOException {
        String yaml = HEADER.replace("\"{symbol} {question}\"", "\"{symbol}\"") + model("a", "vm1", "1", "1", "0-9");
        assertOnly(problems(yaml), "promptTemplate is required and must contain {question}");
    }
}
