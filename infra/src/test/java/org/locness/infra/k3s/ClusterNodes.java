package org.locness.infra.k3s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.ensemble.CpuSet;
import org.locness.infra.provision.VmsDirectory;
import org.locness.infra.provision.model.VmSpec;

/**
 * The cluster's nodes as the repository describes them: labels from {@code label-nodes.sh}, kubelet
 * reservations and node names from {@code agent/<vm>.yaml}, size from the VM spec in
 * {@code infra/vms}. The control plane is the Mac (not a VM here): labelled, tainted, not sized.
 */
record ClusterNodes(List<Node> nodes) {
    static final String CONTROL_PLANE = "\"$control_plane\"";
    static final String CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";
    private static final Pattern LABEL_LINE = Pattern.compile("^label\\s+(\\S+)\\s+(.+)$");
    /** The guest kernel keeps part of the VM's RAM for itself; kubelet's capacity is MemTotal, about 97% of it. */
    private static final double GUEST_MEMTOTAL = 0.97;

    /** A node; {@code vm} is null for the control plane. */
    record Node(String name, Map<String, String> labels, boolean tainted, VmSpec vm, Map<String, String> kubelet) {
        long allocatableCpuMillis() {
            String reservedCpus = kubelet.get("reserved-cpus");
            long reserved = reservedCpus != null ? CpuSet.parse(reservedCpus).size() * 1000L
                    : reservation("kube-reserved", "cpu", Quantity::cpuMillis) + reservation("system-reserved", "cpu", Quantity::cpuMillis);
            return vm.vcpuCount() * 1000L - reserved;
        }

        long allocatableBytes() {
            long capacity = (long) (vm.memoryMb() * (1L << 20) * GUEST_MEMTOTAL);
            return capacity - reservation("kube-reserved", "memory", Quantity::bytes) - reservation("system-reserved", "memory", Quantity::bytes)
                    - Quantity.bytes(eviction("memory.available"));
        }

        CpuSet reservedCpus() {
            return CpuSet.parse(kubelet.get("reserved-cpus"));
        }

        private long reservation(String arg, String resource, ToLongFunction<String> parse) {
            String value = kubelet.get(arg);
            if (value == null) {
                return 0;
            }
            for (String part : value.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv[0].equals(resource)) {
                    return parse.applyAsLong(kv[1]);
                }
            }
            return 0;
        }

        private String eviction(String signal) {
            for (String part : kubelet.getOrDefault("eviction-hard", "").split(",")) {
                if (part.startsWith(signal + "<")) {
                    return part.substring(signal.length() + 1);
                }
            }
            return "0";
        }
    }

    static ClusterNodes load() throws IOException {
        Map<String, Map<String, String>> labels = labels(Files.readAllLines(Kustomize.K3S.resolve("label-nodes.sh")));
        Map<String, VmSpec> vmByNodeName = new HashMap<>();
        Map<String, Map<String, String>> kubeletByNodeName = new HashMap<>();
        for (VmSpec vm : VmsDirectory.load(Path.of("vms")).vms()) {
            JsonNode agent = Kustomize.YAML.readTree(Kustomize.K3S.resolve("agent").resolve(vm.name() + ".yaml").toFile());
            String nodeName = agent.path("node-name").asText();
            vmByNodeName.put(nodeName, vm);
            Map<String, String> kubelet = new LinkedHashMap<>();
            agent.path("kubelet-arg").forEach(arg -> {
                String[] kv = arg.asText().split("=", 2);
                kubelet.put(kv[0], kv[1]);
            });
            kubeletByNodeName.put(nodeName, kubelet);
        }
        List<Node> nodes = new ArrayList<>();
        labels.forEach((name, set) -> nodes.add(new Node(name, set, name.equals(CONTROL_PLANE), vmByNodeName.get(name),
                kubeletByNodeName.getOrDefault(name, Map.of()))));
        return new ClusterNodes(nodes);
    }

    static Map<String, Map<String, String>> labels(List<String> script) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : script) {
            Matcher m = LABEL_LINE.matcher(line.trim());
            if (m.matches()) {
                Map<String, String> set = new LinkedHashMap<>();
                for (String pair : m.group(2).trim().split("\\s+")) {
                    String[] kv = pair.split("=", 2);
                    set.put(kv[0], kv[1]);
                }
                out.put(m.group(1), set);
            }
        }
        return out;
    }

    List<Node> vms() {
        return nodes.stream().filter(n -> n.vm() != null).toList();
    }

    /**
     * The nodes a pod may land on: its nodeSelector and required node affinity ({@code In} terms)
     * match, and it tolerates the control-plane taint if the node has it. Takes a pod spec, or
     * Strimzi's {@code template.pod}, which has the same fields.
     */
    List<Node> candidates(JsonNode pod) {
        Map<String, Set<String>> required = new HashMap<>();
        pod.path("nodeSelector").fields().forEachRemaining(e -> required.put(e.getKey(), Set.of(e.getValue().asText())));
        JsonNode terms = pod.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms");
        if (terms.size() > 1) {
            throw new IllegalArgumentException("several nodeSelectorTerms (ORed) are not modelled here: " + terms);
        }
        for (JsonNode expression : terms.path(0).path("matchExpressions")) {
            if (!"In".equals(expression.path("operator").asText())) {
                throw new IllegalArgumentException("only the In operator is modelled here: " + expression);
            }
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            required.put(expression.path("key").asText(), values);
        }
        boolean tolerates = false;
        for (JsonNode toleration : pod.path("tolerations")) {
            tolerates |= CONTROL_PLANE_TAINT.equals(toleration.path("key").asText()) && "NoSchedule".equals(toleration.path("effect").asText());
        }
        boolean tolerant = tolerates;
        return nodes.stream()
                .filter(n -> required.entrySet().stream().allMatch(r -> n.labels().containsKey(r.getKey()) && r.getValue().contains(n.labels().get(r.getKey()))))
                .filter(n -> !n.tainted() || tolerant).toList();
    }
}
