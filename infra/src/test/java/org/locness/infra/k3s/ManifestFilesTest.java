package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files under infra/k3s on their own, without kubectl. */
class ManifestFilesTest {

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Kustomize.K3S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertTrue(files.size() >= 20, "found " + files);
        for (Path file : files) {
            List<JsonNode> docs;
            try {
                docs = Kustomize.readAll(Files.readString(file));
            } catch (IOException e) {
                throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
            }
            assertFalse(docs.isEmpty(), file + " holds no document");
            boolean manifest = file.startsWith(Kustomize.K3S.resolve("base/locness")) || file.startsWith(Kustomize.K3S.resolve("base/temporal"))
                    || file.startsWith(Kustomize.K3S.resolve("base/monitoring"));
            if (manifest) {
                for (JsonNode doc : docs) {
                    assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind") && doc.path("metadata").hasNonNull("name"),
                            file + ": every document is a Kubernetes object with apiVersion, kind and metadata.name: " + doc);
                }
            }
        }
    }

    @Test
    void labelScriptLabelsEveryVmAndTaintsTheControlPlane() throws IOException {
        List<String> script = Files.readAllLines(Kustomize.K3S.resolve("label-nodes.sh"));
        assertTrue(Files.isExecutable(Kustomize.K3S.resolve("label-nodes.sh")));
        assertEquals("#!/usr/bin/env bash", script.get(0));
        Map<String, Map<String, String>> labels = ClusterNodes.labels(script);
        assertEquals(Map.of("role", "master"), labels.get(ClusterNodes.CONTROL_PLANE));
        assertEquals(Map.of("role", "worker", "workload", "slm", "numa-node", "0", "locness.io/node", "vm1"), labels.get("vm1"));
        assertEquals(Map.of("role", "worker", "workload", "slm", "numa-node", "1", "locness.io/node", "vm2"), labels.get("vm2"));
        assertEquals("storage", labels.get("vm3").get("role"));
        assertTrue(script.contains("kubectl taint node \"$control_plane\" node-role.kubernetes.io/control-plane=:NoSchedule --overwrite"));
    }

    @Test
    void everyVmHasAnAgentConfigAndLabels() throws IOException {
        ClusterNodes cluster = ClusterNodes.load();
        assertEquals(List.of("vm1", "vm2", "vm3"), cluster.vms().stream().map(ClusterNodes.Node::name).toList(),
                "each VM spec in infra/vms has agent/<vm>.yaml whose node-name label-nodes.sh labels");
        for (ClusterNodes.Node node : cluster.vms()) {
            assertNotNull(node.vm());
            assertTrue(node.allocatableCpuMillis() > 0 && node.allocatableBytes() > 0, node.name());
        }
        ClusterNodes.Node vm1 = cluster.vms().get(0);
        assertEquals("static", vm1.kubelet().get("cpu-manager-policy"), "exclusive cores for Guaranteed pods need the static policy");
        assertEquals("0-1", vm1.reservedCpus().toString());
        assertEquals(32_000, vm1.allocatableCpuMillis());
    }
}
