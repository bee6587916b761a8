package org.locness.cli.container;

import static org.junit.jupiter.api.Assertions.fail;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code infra/k3s/overlays/homelab} (or {@code strimzi/}) as {@code kubectl kustomize} renders it at
 * test time, so the container tests run whatever the manifests say now.
 */
final class HomelabOverlay {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path OVERLAY = REPO.resolve("infra/k3s/overlays/homelab");
    static final Path STRIMZI = REPO.resolve("strimzi");
    static final String NAMESPACE = "locness";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<JsonNode> resources;

    private HomelabOverlay(List<JsonNode> resources) {
        this.resources = List.copyOf(resources);
    }

    static HomelabOverlay render() throws IOException, InterruptedException {
        return render(OVERLAY);
    }

    static HomelabOverlay render(Path kustomization) throws IOException, InterruptedException {
        // No Debian package offers a kubectl with kustomize v5 (the overlay's `patches:`), so the test
        // command cannot install it: without kubectl these tests are skipped, as infra's manifest tests are.
        assumeTrue(kubectlOnPath(), "kubectl is not installed: the container tests render " + kustomization
                + " with `kubectl kustomize` (kustomize v5); install kubectl to run them");
        Process process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("kubectl kustomize " + kustomization + " failed:\n" + output);
        }
        List<JsonNode> docs = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(output)) {
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            }
        }
        return new HomelabOverlay(docs);
    }

    /** The Deployment, DaemonSet or Job of that name in the locness namespace. */
    JsonNode workload(String kind, String name) {
        return resources.stream()
                .filter(r -> kind.equals(r.path("kind").asText()) && name.equals(r.path("metadata").path("name").asText())
                        && NAMESPACE.equals(r.path("metadata").path("namespace").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the overlay renders no " + kind + " " + NAMESPACE + "/" + name));
    }

    List<JsonNode> workloads(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText())
                && NAMESPACE.equals(r.path("metadata").path("namespace").asText())).toList();
    }

    /** A ConfigMap's data, by the (hash-suffixed) name the pods reference. */
    Map<String, String> configMap(String name) {
        JsonNode map = resources.stream()
                .filter(r -> "ConfigMap".equals(r.path("kind").asText()) && name.equals(r.path("metadata").path("name").asText())
                        && NAMESPACE.equals(r.path("metadata").path("namespace").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the overlay renders no ConfigMap " + NAMESPACE + "/" + name));
        Map<String, String> data = new LinkedHashMap<>();
        map.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** Every rendered resource of a kind, in any namespace. */
    List<JsonNode> all(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    private static boolean kubectlOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }
}
