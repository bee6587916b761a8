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
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.job.ExpectedModel;

class EnsembleLoaderTest {
    private static final String NODES = """
            defaults:
              contextLimit: 512
              promptTemplate: "{context}\\nQ: {question}\\nA:"
            nodes:
              - {name: vm1, numaNode: 0, cpus: "0-7"}
              - {name: vm2, numaNode: 1, cpus: "8-15"}
            models:
            """;
    private static final String GEMMA = "  - {name: gemma-7b, node: vm1, weight: 1.5, cpus: \"0-3\", threads: 4, location: models/gemma-7b}\n";
    private static final String MISTRAL = "  - {name: mistral-7b, node: vm1, weight: 1.0, cpus: \"4-7\", location: \"lake:models/mistral-7b/\"}\n";
    private static final String QWEN = "  - {name: qwen-7b, node: vm2, weight: 1.25, cpus: \"8-15\", threads: 6, location: models/qwen-7b,"
            + " contextLimit: 1024, labels: [\" buy\", \" sell\"]}\n";

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ensemble.yaml"), yaml);
    }

    private List<String> problems(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThrows(EnsembleException.class, () -> EnsembleLoader.load(file)).problems();
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.contains(expected), () -> "missing '" + expected + "' in " + problems);
    }

    @Test
    void aValidEnsembleLoadsWithItsDefaults() throws IOException {
        Ensemble ensemble = EnsembleLoader.load(write(NODES + GEMMA + MISTRAL + QWEN));
        assertEquals(List.of(NodeName.of("vm1"), NodeName.of("vm2")), ensemble.nodes().stream().map(NodeSpec::name).toList());
        assertEquals(CpuSet.parse("8-15"), ensemble.node(NodeName.of("vm2")).orElseThrow().cpus());

        ModelSpec gemma = ensemble.model(ModelName.of("gemma-7b")).orElseThrow();
        assertEquals(dir.resolve("models/gemma-7b").toAbsolutePath().normalize().toString(), gemma.location());
        assertEquals(512, gemma.contextLimit());
        assertEquals(List.of(" up", " down", " flat"), gemma.labels());
        assertEquals("{context}\nQ: {question}\nA:", gemma.promptTemplate());

        ModelSpec mistral = ensemble.model(ModelName.of("mistral-7b")).orElseThrow();
        assertTrue(mistral.fromLake());
        assertEquals(4, mistral.threads(), "threads default to the model's CPUs");

        ModelSpec qwen = ensemble.model(ModelName.of("qwen-7b")).orElseThrow();
        assertEquals(1024, qwen.contextLimit());
        assertEquals(List.of(" buy", " sell"), qwen.labels());
        assertEquals(6, qwen.threads());

        assertEquals(2, ensemble.modelsOn(NodeName.of("vm1")).size());
        assertEquals(List.of(new ExpectedModel(ModelName.of("qwen-7b"), NodeName.of("vm2"), 1.25)),
                ensemble.expected(ensemble.modelsOn(NodeName.of("vm2"))));
    }

    @Test
    void theSameCpuNumbersOnDifferentNodesDoNotClash() throws IOException {
        String yaml = NODES.replace("cpus: \"8-15\"", "cpus: \"0-7\"")
                + GEMMA + "  - {name: qwen-7b, node: vm2, weight: 1, cpus: \"0-3\", location: m}\n";
        assertEquals(2, EnsembleLoader.load(write(yaml)).models().size());
    }

    @Test
    void unknownNode() throws IOException {
        List<String> problems = problems(NODES + GEMMA + QWEN.replace("node: vm2", "node: vm3"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("model qwen-7b: unknown node 'vm3' (known: "), problems::toString);
    }

    @Test
    void duplicateModel() throws IOException {
        assertHas(problems(NODES + GEMMA + QWEN + GEMMA), "model gemma-7b: duplicate model name");
    }

    @Test
    void weightMustBePositive() throws IOException {
        assertHas(problems(NODES + GEMMA.replace("weight: 1.5", "weight: 0") + QWEN),
                "model gemma-7b: weight must be a number > 0, was 0.0");
        assertHas(problems(NODES + GEMMA.replace("weight: 1.5", "weight: -2") + QWEN),
                "model gemma-7b: weight must be a number > 0, was -2.0");
        assertHas(problems(NODES + GEMMA.replace("weight: 1.5, ", "") + QWEN),
                "model gemma-7b: weight must be a number > 0, was null");
    }

    @Test
    void overlappingCpuSubsetsOnOneNode() throws IOException {
        assertHas(problems(NODES + GEMMA.replace("cpus: \"0-3\", threads: 4", "cpus: \"0-4\"") + MISTRAL),
                "node vm1: models gemma-7b and mistral-7b both claim CPUs 4");
    }

    @Test
    void cpuSubsetOutsideItsNode() throws IOException {
        assertHas(problems(NODES + QWEN.replace("cpus: \"8-15\", threads: 6", "cpus: \"6-9\"")),
                "model qwen-7b: cpus 6-7 are outside node vm2 (8-15)");
    }

    @Test
    void moreThreadsThanCpus() throws IOException {
        assertHas(problems(NODES + GEMMA.replace("threads: 4", "threads: 5")),
                "model gemma-7b: threads 5 must be between 1 and its 4 CPUs");
        assertHas(problems(NODES + GEMMA.replace("threads: 4", "threads: 0")),
                "model gemma-7b: threads 0 must be between 1 and its 4 CPUs");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path file = write(NODES + GEMMA.replace("threads: 4", "threads: 9") + GEMMA
                + QWEN.replace("weight: 1.25", "weight: 0").replace("8-15", "7-15"));
        EnsembleException e = assertThrows(EnsembleException.class, () -> EnsembleLoader.load(file));
        assertEquals(4, e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().startsWith("invalid ensemble " + file + ":\n  - "), e::getMessage);
    }

    @Test
    void badNamesTemplatesAndLocations() throws IOException {
        assertHas(problems(NODES + GEMMA.replace("name: gemma-7b", "name: Gemma-7B")),
                "model Gemma-7B: model: 'Gemma-7B' is not a model name (lower-case letters, digits, '.', '-'; 1-48 chars)");
        assertHas(problems(NODES.replace("Q: {question}", "Q:") + GEMMA),
                "model gemma-7b: promptTemplate is required and must contain {question}");
        assertHas(problems(NODES + GEMMA.replace(", location: models/gemma-7b", "")),
                "model gemma-7b: location is required (a directory or lake:models/<name>/)");
        assertHas(problems(NODES + QWEN.replace("[\" buy\", \" sell\"]", "[\" buy\", \"buy\"]")),
                "model qwen-7b: labels must be at least two distinct non-blank strings, were [ buy, buy]");
    }

    @Test
    void nodeProblems() throws IOException {
        assertEquals(List.of("nodes: at least one node is required"), problems("nodes: []\nmodels: []\n"));
        assertHas(problems(NODES.replace("cpus: \"8-15\"", "cpus: \"15-8\"") + GEMMA),
                "node vm2: CPU range '15-8' runs backwards");
        assertHas(problems(NODES.replace("{name: vm2, numaNode: 1,", "{name: vm2,") + GEMMA),
                "node vm2: numaNode is required and must be >= 0");
    }

    @Test
    void aMissingFileOrAMistypedKeyIsReported() throws IOException {
        Path missing = dir.resolve("absent.yaml");
        assertEquals(List.of("file not found (set LOCNESS_ENSEMBLE or --ensemble)"),
                assertThrows(EnsembleException.class, () -> EnsembleLoader.load(missing)).problems());
        List<String> problems = problems(NODES + GEMMA.replace("weight:", "wieght:"));
        assertTrue(problems.get(0).startsWith("not readable as YAML: "), problems::toString);
        assertTrue(problems.get(0).contains("wieght"), problems::toString);
    }

    @Test
    void emptyEntriesNullLabelsAndEscapingLakeLocationsAreProblemsNotCrashes() throws IOException {
        String yaml = NODES.replace("nodes:\n", "nodes:\n  -\n") + GEMMA
                + "  -\n"
                + "  - {name: mistral-7b, node: vm1, weight: 1, cpus: \"4-5\", location: m, labels: [\" up\", null]}\n"
                + "  - {name: qwen-7b, node: vm2, weight: 1, cpus: \"8-9\", location: \"lake:../../etc\"}\n";

        List<String> problems = problems(yaml);

        assertHas(problems, "nodes: an entry is empty");
        assertHas(problems, "models: an entry is empty");
        assertHas(problems, "model mistral-7b: labels must not contain an empty entry");
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("model qwen-7b: location 'lake:../../etc' is not a lake key")),
                problems::toString);
    }

    @Test
    void aNodeDefinedTwiceIsReportedOnce() throws IOException {
        String yaml = NODES.replace("nodes:\n", "nodes:\n  - {name: vm1, numaNode: 0, cpus: \"0-7\"}\n")
                + GEMMA + "  - {name: mistral-7b, node: vm1, weight: 1, cpus: \"3-4\", location: m}\n";

        List<String> problems = problems(yaml);

        assertHas(problems, "node vm1: defined twice");
        assertEquals(1, problems.stream().filter(p -> p.contains("both claim CPUs")).count(), problems::toString);
    }
}
