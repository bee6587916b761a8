package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The home-lab overlay as {@code kubectl kustomize} renders it (offline), one node per resource. */
final class Kustomize {
    static final Path K3S = Path.of("k3s");
    static final Path OVERLAY = K3S.resolve("overlays/homelab");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> rendered;

    private Kustomize() {
    }

    static synchronized List<JsonNode> homelab() throws IOException, InterruptedException {
        if (rendered == null) {
            assumeTrue(kubectlOnPath(), "kubectl is not installed, so the kustomize overlay cannot be rendered; install kubectl to run this test");
            Process process = new ProcessBuilder("kubectl", "kustomize", OVERLAY.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, process.exitValue(), "kubectl kustomize " + OVERLAY + " failed:\n" + output);
            rendered = readAll(output);
        }
        return rendered;
    }

    static List<JsonNode> readAll(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static List<JsonNode> kind(List<JsonNode> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    /** Deployments, DaemonSets and Jobs: everything that runs pods here. */
    static List<JsonNode> workloads(List<JsonNode> resources) {
        return resources.stream().filter(r -> List.of("Deployment", "DaemonSet", "StatefulSet", "Job").contains(r.path("kind").asText()))
                .toList();
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> out = new ArrayList<>();
        podSpec(workload).path("containers").forEach(out::add);
        return out;
    }

    static String id(JsonNode resource) {
        return resource.path("kind").asText() + " " + resource.path("metadata").path("namespace").asText("-") + "/"
                + resource.path("metadata").path("name").asText();
    }

    private static boolean kubectlOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }
}
