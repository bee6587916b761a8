package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The home-lab overlay as it would be applied. */
class RenderedManifestsTest {
    static final Set<String> CREDENTIALS = Set.of("LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY", "LOCNESS_KAFKA_PASSWORD");

    private static List<JsonNode> locnessContainers(List<JsonNode> resources) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode workload : Kustomize.workloads(resources)) {
            Kustomize.containers(workload).stream().filter(c -> c.path("image").asText().startsWith("ghcr.io/locness/")).forEach(out::add);
        }
        return out;
    }

    private static boolean known(String var) {
        return LocnessEnvironment.read().contains(var) || LocnessEnvironment.LIBRARIES.containsKey(var);
    }

    /** The variables a container starts with a non-blank value: its env, its ConfigMaps' keys, and what its args give as options. */
    private static Set<String> provided(JsonNode container, Map<String, JsonNode> configMaps) {
        Set<String> names = new TreeSet<>();
        for (JsonNode env : container.path("env")) {
            if (env.has("valueFrom") || !env.path("value").asText().isBlank()) {
                names.add(env.path("name").asText());
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            JsonNode cm = configMaps.get(from.path("configMapRef").path("name").asText());
            if (cm != null) {
                cm.path("data").fields().forEachRemaining(e -> {
                    if (!e.getValue().asText().isBlank()) {
                        names.add(e.getKey());
                    }
                });
            }
        }
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        LocnessEnvironment.OPTIONS.forEach((var, option) -> {
            int at = args.indexOf(option);
            if (at >= 0 && at + 1 < args.size() && !args.get(at + 1).isBlank()) {
                names.add(var);
            }
        });
        return names;
    }

    private static Map<String, JsonNode> configMaps(List<JsonNode> resources) {
        Map<String, JsonNode> byName = new HashMap<>();
        Kustomize.kind(resources, "ConfigMap").forEach(cm -> byName.put(cm.path("metadata").path("name").asText(), cm));
        return byName;
    }

    @Test
    void exposesTheSeedsNodePorts() throws Exception {
        Map<Integer, String> nodePorts = new HashMap<>();
        for (JsonNode service : Kustomize.kind(Kustomize.homelab(), "Service")) {
            for (JsonNode port : service.path("spec").path("ports")) {
                if (port.has("nodePort")) {
                    nodePorts.put(port.path("nodePort").asInt(), service.path("metadata").path("name").asText() + ":" + port.path("port").asInt());
                }
            }
        }
        assertEquals(Map.of(30900, "minio:9000", 30901, "minio:9001", 30428, "victorialogs:9428", 30828, "victoriametrics:8428",
                30880, "temporal-ui:8080"), nodePorts);
    }

    @Test
    void locnessContainersUseOneImageThePort9400AndOnlyKnownEnvironment() throws Exception {
        String image = overlayImage();
        List<JsonNode> resources = Kustomize.homelab();
        Map<String, JsonNode> configMaps = configMaps(resources);
        List<JsonNode> containers = locnessContainers(resources);
        assertEquals(11, containers.size(), "6 models, sweeper, ingest, aggregator, daily-prep, lake-init");
        for (JsonNode c : containers) {
            String name = c.path("name").asText();
            assertEquals(image, c.path("image").asText(), name);
            assertEquals(1, c.path("ports").size(), name + ": one port");
            assertEquals("metrics", c.path("ports").get(0).path("name").asText(), name);
            assertEquals(9400, c.path("ports").get(0).path("containerPort").asInt(), name);
            String args = c.path("args").toString();
            for (JsonNode env : c.path("env")) {
                String var = env.path("name").asText();
                boolean downwardForArgs = env.path("valueFrom").has("fieldRef") && args.contains("$(" + var + ")");
                assertTrue(known(var) || downwardForArgs,
                        name + ": " + var + " is neither read by locness (" + LocnessEnvironment.read()
                                + ") or its libraries nor a downward-API value expanded into its args");
                if (CREDENTIALS.contains(var)) {
                    assertTrue(env.path("valueFrom").has("secretKeyRef"), name + ": " + var + " must come from a Secret");
                }
            }
            for (JsonNode from : c.path("envFrom")) {
                JsonNode cm = configMaps.get(from.path("configMapRef").path("name").asText());
                assertTrue(cm != null, name + ": envFrom names a ConfigMap the overlay does not render");
                Set<String> keys = new TreeSet<>();
                cm.path("data").fieldNames().forEachRemaining(keys::add);
                assertTrue(keys.stream().allMatch(RenderedManifestsTest::known), name + ": ConfigMap keys " + keys
                        + " include one locness does not read");
                assertFalse(keys.stream().anyMatch(CREDENTIALS::contains), "no credential in a ConfigMap: " + keys);
            }
        }
    }

    /** A container without a variable its config requires exits at start: the manifest alone must provide it. */
    @Test
    void everyLocnessContainerIsGivenEveryVariableItsConfigRequires() throws Exception {
        List<JsonNode> resources = Kustomize.homelab();
        Map<String, JsonNode> configMaps = configMaps(resources);
        Set<String> commands = new TreeSet<>();
        for (JsonNode c : locnessContainers(resources)) {
            String command = c.path("args").path(0).asText();
            commands.add(command);
            Set<String> required = LocnessEnvironment.REQUIRED.get(command);
            assertTrue(required != null, c.path("name").asText() + ": command '" + command + "' has no entry in LocnessEnvironment.REQUIRED");
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(provided(c, configMaps));
            assertEquals(Set.of(), missing, c.path("name").asText() + " " + c.path("args") + " would exit at start without these");
        }
        assertEquals(LocnessEnvironment.REQUIRED.keySet(), commands, "every command the table knows runs in the cluster");
    }

    @Test
    void theRequiredVariablesAndOptionsAreOnesLocnessReads() {
        Set<String> read = LocnessEnvironment.read();
        assertTrue(read.containsAll(List.of("LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_AGGREGATOR_STATE_DIR", "LOCNESS_MODEL_CACHE_DIR")),
                "the sources were found and scanned: " + read);
        LocnessEnvironment.REQUIRED.forEach((command, vars) -> assertTrue(read.containsAll(vars), command + ": " + vars));
        assertTrue(read.containsAll(LocnessEnvironment.OPTIONS.keySet()), LocnessEnvironment.OPTIONS.toString());
    }

    @Test
    void everyModelPodNamesTheVmItRunsOnAsItsStagingNode() throws Exception {
        List<JsonNode> models = locnessContainers(Kustomize.homelab()).stream()
                .filter(c -> c.path("args").get(0).asText().equals("inference-node")).toList();
        assertEquals(6, models.size());
        for (JsonNode c : models) {
            JsonNode stagingNode = null;
            for (JsonNode env : c.path("env")) {
                if (env.path("name").asText().equals("LOCNESS_STAGING_NODE")) {
                    stagingNode = env;
                }
            }
            assertTrue(stagingNode != null, c.path("args") + ": no LOCNESS_STAGING_NODE");
            assertEquals("spec.nodeName", stagingNode.path("valueFrom").path("fieldRef").path("fieldPath").asText(),
                    c.path("args") + ": the staging node is the pod's own node");
        }
    }

    @Test
    void credentialsComeOnlyFromSecrets() throws Exception {
        List<JsonNode> resources = Kustomize.homelab();
        assertEquals(List.of(), Kustomize.kind(resources, "Secret"), "Secrets are created in the cluster, never committed");
        for (JsonNode workload : Kustomize.workloads(resources)) {
            for (JsonNode c : Kustomize.containers(workload)) {
                for (JsonNode env : c.path("env")) {
                    String var = env.path("name").asText();
                    if (var.matches(".*(PASSWORD|SECRET|ACCESS_KEY|ROOT_USER).*")) {
                        assertTrue(env.path("valueFrom").has("secretKeyRef"), Kustomize.id(workload) + ": " + var + " is not from a Secret");
                    }
                }
            }
        }
    }

    @Test
    void minioPublishesObjectEventsToKafkaThroughADiskQueue() throws Exception {
        List<JsonNode> resources = Kustomize.homelab();
        JsonNode minio = Kustomize.workloads(resources).stream().filter(w -> w.path("metadata").path("name").asText().equals("minio"))
                .findFirst().orElseThrow();
        JsonNode container = Kustomize.containers(minio).get(0);
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertEquals("on", env.get("MINIO_NOTIFY_KAFKA_ENABLE_PRIMARY"));
        assertEquals("locness-kafka-bootstrap.locness.svc:9092", env.get("MINIO_NOTIFY_KAFKA_BROKERS_PRIMARY"));
        assertEquals("lake.object-events", env.get("MINIO_NOTIFY_KAFKA_TOPIC_PRIMARY"));
        String queueDir = env.get("MINIO_NOTIFY_KAFKA_QUEUE_DIR_PRIMARY");
        Map<String, String> hostPaths = new HashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            for (JsonNode volume : Kustomize.podSpec(minio).path("volumes")) {
                if (volume.path("name").equals(mount.path("name")) && volume.has("hostPath")) {
                    hostPaths.put(mount.path("mountPath").asText(), volume.path("hostPath").path("path").asText());
                }
            }
        }
        assertTrue(hostPaths.containsKey(queueDir), "the queue dir survives a pod restart: " + hostPaths);
        assertEquals("/mnt/datalake", hostPaths.get("/data"), "the lake HDD");
        assertEquals("storage", Kustomize.podSpec(minio).path("nodeSelector").path("role").asText());

        JsonNode init = Kustomize.kind(resources, "Job").stream().filter(j -> j.path("metadata").path("name").asText().equals("lake-init"))
                .findFirst().orElseThrow();
        assertEquals("[\"lake\",\"init\"]", Kustomize.containers(init).get(0).path("args").toString());
    }

    @Test
    void victoriaMetricsScrapesEveryLocnessContainer() throws Exception {
        List<JsonNode> resources = Kustomize.homelab();
        JsonNode scrape = configMaps(resources).values().stream()
                .filter(cm -> cm.path("metadata").path("name").asText().startsWith("victoria-metrics-scrape")).findFirst().orElseThrow();
        JsonNode config = Kustomize.YAML.readTree(scrape.path("data").path("scrape.yml").asText());
        JsonNode job = null;
        for (JsonNode candidate : config.path("scrape_configs")) {
            if ("locness".equals(candidate.path("job_name").asText())) {
                job = candidate;
            }
        }
        assertTrue(job != null, "a scrape job for the Locness pods");
        assertEquals("/metrics", job.path("metrics_path").asText());
        assertEquals("[\"locness\"]", job.path("kubernetes_sd_configs").get(0).path("namespaces").path("names").toString());
        assertEquals("metrics;9400", job.path("relabel_configs").get(0).path("regex").asText());
        for (JsonNode workload : Kustomize.workloads(resources)) {
            if (!locnessContainers(List.of(workload)).isEmpty()) {
                assertEquals("locness", workload.path("metadata").path("namespace").asText(), Kustomize.id(workload) + " is in the scraped namespace");
            }
        }
    }

    /** The locness image as the overlay's {@code images:} names it, the one place its tag lives. */
    private static String overlayImage() throws IOException {
        JsonNode entry = Kustomize.YAML.readTree(Kustomize.OVERLAY.resolve("kustomization.yaml").toFile())
                .path("images").get(0);
        assertEquals("ghcr.io/locness/locness", entry.path("name").asText());
        return entry.path("name").asText() + ":" + entry.path("newTag").asText();
    }
}
