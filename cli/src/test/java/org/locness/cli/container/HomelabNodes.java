package org.locness.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The home lab's nodes and their labels as {@code infra/k3s/label-nodes.sh} sets them, and where a
 * pod spec would be scheduled among them: its nodeSelector filters, its preferred node affinity
 * ranks. The test needs this for what the pod sees of its node (spec.nodeName, the node's hostPath).
 */
final class HomelabNodes {
    static final Path LABEL_SCRIPT = HomelabOverlay.REPO.resolve("infra/k3s/label-nodes.sh");
    private static final Pattern LABEL_LINE = Pattern.compile("^label\\s+(vm\\d+)\\s+(.+)$");

    private final Map<String, Map<String, String>> labels;

    private HomelabNodes(Map<String, Map<String, String>> labels) {
        this.labels = labels;
    }

    static HomelabNodes read() throws IOException {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(LABEL_SCRIPT)) {
            Matcher m = LABEL_LINE.matcher(line.strip());
            if (m.matches()) {
                Map<String, String> nodeLabels = new LinkedHashMap<>();
                for (String pair : m.group(2).trim().split("\\s+")) {
                    String[] kv = pair.split("=", 2);
                    nodeLabels.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                labels.put(m.group(1), nodeLabels);
            }
        }
        if (labels.isEmpty()) {
            throw new AssertionError("no `label vmN key=value…` lines in " + LABEL_SCRIPT);
        }
        return new HomelabNodes(labels);
    }

    /** Every node the pod spec may run on, the ones its preferred affinity weighs most first. */
    List<String> eligible(JsonNode podSpec) {
        List<String> nodes = new ArrayList<>();
        labels.forEach((node, nodeLabels) -> {
            boolean matches = true;
            for (var it = podSpec.path("nodeSelector").fields(); it.hasNext();) {
                var e = it.next();
                matches &= e.getValue().asText().equals(nodeLabels.get(e.getKey()));
            }
            if (matches) {
                nodes.add(node);
            }
        });
        nodes.sort(Comparator.comparingInt((String node) -> preference(podSpec, labels.get(node))).reversed());
        if (nodes.isEmpty()) {
            throw new AssertionError("no node of " + LABEL_SCRIPT + " matches nodeSelector " + podSpec.path("nodeSelector"));
        }
        return nodes;
    }

    /** Where the scheduler puts one replica: the first eligible node. */
    String scheduled(JsonNode podSpec) {
        return eligible(podSpec).get(0);
    }

    private static int preference(JsonNode podSpec, Map<String, String> nodeLabels) {
        int weight = 0;
        for (JsonNode term : podSpec.path("affinity").path("nodeAffinity").path("preferredDuringSchedulingIgnoredDuringExecution")) {
            boolean all = true;
            for (JsonNode expr : term.path("preference").path("matchExpressions")) {
                String value = nodeLabels.get(expr.path("key").asText());
                boolean in = false;
                for (JsonNode v : expr.path("values")) {
                    in |= v.asText().equals(value);
                }
                all &= switch (expr.path("operator").asText()) {
                    case "In" -> in;
                    case "NotIn" -> !in;
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unsupported node affinity operator in " + expr);
                };
            }
            if (all) {
                weight += term.path("weight").asInt();
            }
        }
        return weight;
    }
}
