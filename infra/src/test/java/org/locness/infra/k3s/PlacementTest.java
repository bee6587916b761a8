package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.ensemble.NodeSpec;
import org.locness.events.id.NodeName;

/** Where the pods land, and whether they fit: requests per VM, and the CPU layout per SLM VM. */
class PlacementTest {
    private static final Path CLUSTER_ENSEMBLE = Kustomize.K3S.resolve("base/config/ensemble.yaml");
    private static final Path STRIMZI = Path.of("..", "strimzi");

    /** A pod to place: where it may go ({@code pod}: nodeSelector, affinity, tolerations), what it asks, how many. */
    private record Pod(String id, JsonNode pod, long cpuMillis, long bytes, int copies, boolean daemon) {
    }

    private static long[] requests(JsonNode containers) {
        long[] sum = new long[2];
        for (JsonNode c : containers) {
            sum[0] += Quantity.cpuMillis(c.path("requests").path("cpu").asText("0"));
            sum[1] += Quantity.bytes(c.path("requests").path("memory").asText("0"));
        }
        return sum;
    }

    private static List<Pod> locnessPods() throws Exception {
        List<Pod> pods = new ArrayList<>();
        for (JsonNode workload : Kustomize.workloads(Kustomize.homelab())) {
            JsonNode podSpec = Kustomize.podSpec(workload);
            List<JsonNode> resources = new ArrayList<>();
            podSpec.path("containers").forEach(c -> resources.add(c.path("resources")));
            long[] ask = requests(Kustomize.YAML.valueToTree(resources));
            // An init container runs before the others, so it counts only if it asks for more.
            for (JsonNode init : podSpec.path("initContainers")) {
                long[] alone = requests(Kustomize.YAML.valueToTree(List.of(init.path("resources"))));
                ask[0] = Math.max(ask[0], alone[0]);
                ask[1] = Math.max(ask[1], alone[1]);
            }
            boolean daemon = "DaemonSet".equals(workload.path("kind").asText());
            pods.add(new Pod(Kustomize.id(workload), podSpec, ask[0], ask[1], daemon ? 1 : workload.path("spec").path("replicas").asInt(1), daemon));
        }
        return pods;
    }

    /** Strimzi's pods (strimzi/, the Kafka cluster's own kustomization): the node pool's brokers and the entity operator. */
    private static List<Pod> strimziPods() throws Exception {
        List<Pod> pods = new ArrayList<>();
        List<Path> files;
        try (var listing = Files.list(STRIMZI)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            for (JsonNode doc : Kustomize.readAll(Files.readString(file))) {
                JsonNode spec = doc.path("spec");
                if ("KafkaNodePool".equals(doc.path("kind").asText())) {
                    long[] ask = requests(Kustomize.YAML.valueToTree(List.of(spec.path("resources"))));
                    pods.add(new Pod("KafkaNodePool " + doc.path("metadata").path("name").asText(), spec.path("template").path("pod"),
                            ask[0], ask[1], spec.path("replicas").asInt(1), false));
                }
                if ("Kafka".equals(doc.path("kind").asText()) && spec.has("entityOperator")) {
                    JsonNode operator = spec.path("entityOperator");
                    long[] ask = requests(Kustomize.YAML.valueToTree(List.of(operator.path("topicOperator").path("resources"),
                            operator.path("userOperator").path("resources"))));
                    pods.add(new Pod("Kafka entity operator", operator.path("template").path("pod"), ask[0], ask[1], 1, false));
                }
            }
        }
        return pods;
    }

    @Test
    void podRequestsFitEachVm() throws Exception {
        ClusterNodes cluster = ClusterNodes.load();
        Map<String, long[]> used = new HashMap<>();
        Map<String, List<String>> names = new HashMap<>();
        List<Pod> pods = new ArrayList<>(locnessPods());
        pods.addAll(strimziPods());
        for (Pod pod : pods) {
            List<ClusterNodes.Node> candidates = cluster.candidates(pod.pod());
            assertFalse(candidates.isEmpty(), pod.id() + " matches no node: " + pod.pod());
            // A DaemonSet runs on every candidate; anything else may land on any of them, so count it on each.
            for (ClusterNodes.Node node : candidates) {
                long[] sum = used.computeIfAbsent(node.name(), n -> new long[2]);
                sum[0] += pod.cpuMillis() * pod.copies();
                sum[1] += pod.bytes() * pod.copies();
                names.computeIfAbsent(node.name(), n -> new ArrayList<>()).add(pod.id());
            }
        }
        for (ClusterNodes.Node node : cluster.vms()) {
            long[] sum = used.getOrDefault(node.name(), new long[2]);
            String detail = node.name() + " (" + node.vm().name() + ") runs " + names.get(node.name());
            assertTrue(sum[0] <= node.allocatableCpuMillis(), detail + ": CPU requests " + sum[0] + "m > allocatable " + node.allocatableCpuMillis() + "m");
            assertTrue(sum[1] <= node.allocatableBytes(), detail + ": memory requests " + (sum[1] >> 20) + " MiB > allocatable "
                    + (node.allocatableBytes() >> 20) + " MiB");
        }
        // Model pods may run on either SLM VM, so each VM must hold all six when the other is down.
        assertEquals(26_060, used.get("vm1")[0], "6 models x 4 + sweeper 2 + vector 0.05 + node-exporter 0.01 CPUs");
        assertTrue(names.get("vm3").containsAll(List.of("KafkaNodePool dual-role", "Kafka entity operator")), names.get("vm3").toString());
    }

    @Test
    void inferencePodsAreTheEnsemblesModelsOnTheirNodes() throws Exception {
        Ensemble ensemble = EnsembleLoader.load(CLUSTER_ENSEMBLE);
        Set<String> deployed = new HashSet<>();
        for (JsonNode workload : Kustomize.workloads(Kustomize.homelab())) {
            JsonNode c = Kustomize.containers(workload).get(0);
            if (!"inference-node".equals(c.path("args").path(0).asText())) {
                continue;
            }
            List<String> args = new ArrayList<>();
            c.path("args").forEach(a -> args.add(a.asText()));
            String node = args.get(args.indexOf("--node") + 1);
            String model = args.get(args.indexOf("--model") + 1);
            deployed.add(model + "@" + node);
            JsonNode pod = Kustomize.podSpec(workload);
            assertEquals("slm", pod.path("nodeSelector").path("workload").asText(), model);
            assertTrue(pod.path("nodeSelector").path("locness.io/node").isMissingNode(),
                    model + " may run on the other SLM VM when its own is down");
            JsonNode preferred = pod.path("affinity").path("nodeAffinity")
                    .path("preferredDuringSchedulingIgnoredDuringExecution").path(0).path("preference")
                    .path("matchExpressions").path(0);
            assertEquals("locness.io/node", preferred.path("key").asText(), model + " prefers its home VM");
            assertEquals(node, preferred.path("values").path(0).asText(), model + " prefers its home VM");
            assertTrue(pod.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                    .isMissingNode(), model + ": the home VM is preferred, not required");

            ModelSpec spec = ensemble.models().stream().filter(m -> m.name().value().equals(model)).findFirst().orElseThrow();
            JsonNode resources = c.path("resources");
            assertEquals(spec.cpus().size() * 1000L, Quantity.cpuMillis(resources.path("limits").path("cpu").asText()),
                    model + ": the CPU limit is the model's block of vCPUs");
            assertTrue(Quantity.cpuMillis(resources.path("requests").path("cpu").asText()) < spec.cpus().size() * 1000L,
                    model + " is Burstable, so it runs in the shared pool where its block is");
        }
        Set<String> expected = new HashSet<>();
        ensemble.models().forEach(m -> expected.add(m.name().value() + "@" + m.node().value()));
        assertEquals(expected, deployed);
    }

    /**
     * Kubelet's static policy gives a Guaranteed pod with whole CPUs the lowest free whole core(s)
     * outside reserved-cpus, exclusively; Burstable pods share what is left. So on an SLM VM the
     * sweeper's core and reserved-cpus must stay out of every model's block.
     */
    @Test
    void ensembleBlocksAvoidTheSweepersCoreAndTheReservedCpus() throws Exception {
        Ensemble ensemble = EnsembleLoader.load(CLUSTER_ENSEMBLE);
        ClusterNodes cluster = ClusterNodes.load();
        JsonNode sweeper = Kustomize.workloads(Kustomize.homelab()).stream()
                .filter(w -> w.path("metadata").path("name").asText().equals("sweeper")).findFirst().orElseThrow();
        JsonNode res = Kustomize.containers(sweeper).get(0).path("resources");
        assertEquals(res.path("requests"), res.path("limits"), "the sweeper is Guaranteed");
        long sweeperCpus = Quantity.cpuMillis(res.path("limits").path("cpu").asText()) / 1000;
        assertEquals(2, sweeperCpus);
        for (ClusterNodes.Node node : cluster.vms()) {
            if (!"slm".equals(node.labels().get("workload"))) {
                continue;
            }
            NodeSpec spec = ensemble.node(NodeName.of(node.name())).orElseThrow();
            assertEquals(node.vm().vcpuCount(), spec.cpus().size(), node.name() + ": the ensemble sees the VM's vCPUs");
            int threads = node.vm().tuning().threadsPerCore();
            CpuSet reserved = node.reservedCpus();
            BitSet sweeperCore = new BitSet();
            for (int core = 0; sweeperCore.cardinality() < sweeperCpus; core++) {
                CpuSet whole = CpuSet.parse(core * threads + "-" + (core * threads + threads - 1));
                if (whole.intersect(reserved).isEmpty()) {
                    whole.cpus().stream().forEach(sweeperCore::set);
                }
            }
            CpuSet taken = CpuSet.of(sweeperCore);
            BitSet all = new BitSet();
            reserved.cpus().stream().forEach(all::set);
            sweeperCore.stream().forEach(all::set);
            for (ModelSpec model : ensemble.modelsOn(spec.name())) {
                assertTrue(model.cpus().intersect(reserved).isEmpty(), model.name() + " overlaps reserved-cpus " + reserved);
                assertTrue(model.cpus().intersect(taken).isEmpty(), model.name() + " overlaps the sweeper's exclusive core " + taken);
                for (int cpu : model.cpus().toArray()) {
                    int core = cpu / threads;
                    CpuSet wholeCore = CpuSet.parse(core * threads + "-" + (core * threads + threads - 1));
                    assertTrue(wholeCore.isSubsetOf(model.cpus()), model.name() + ": vCPU " + cpu + "'s guest core " + wholeCore
                            + " is not wholly in its block, so a hyper-thread pair would serve two models");
                }
                model.cpus().cpus().stream().forEach(all::set);
            }
            assertEquals(spec.cpus(), CpuSet.of(all), node.name() + ": reserved, sweeper and models use every vCPU");
        }
    }

    @Test
    void clusterEnsembleIsTheProjectsEnsembleWithOtherCpuBlocks() throws Exception {
        JsonNode cluster = Kustomize.YAML.readTree(CLUSTER_ENSEMBLE.toFile());
        JsonNode project = Kustomize.YAML.readTree(Path.of("..", "config", "ensemble.yaml").toFile());
        for (JsonNode ensemble : List.of(cluster, project)) {
            ensemble.path("models").forEach(m -> ((ObjectNode) m).remove("cpus"));
        }
        assertEquals(project, cluster, "config/ensemble.yaml changed: carry the change into infra/k3s/base/config/ensemble.yaml");
    }
}
