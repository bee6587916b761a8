package org.locness.infra.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/** Every file of {@code strimzi/} parses, and every resource in it is one Strimzi 1.2.0 accepts. */
class StrimziManifestsTest {
    private static final String STRIMZI_API = "kafka.strimzi.io/v1";
    private static final String KUSTOMIZATION = "Kustomization";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final CrdSchemas SCHEMAS = CrdSchemas.load();

    @Test
    void everyYamlFileParsesIntoResourcesWithAnApiVersionAndKind() throws Exception {
        List<Path> files = StrimziManifests.yamlFiles();

        assertFalse(files.isEmpty(), "no YAML under " + StrimziManifests.folder());
        for (Path file : files) {
            List<Manifest> documents = StrimziManifests.parse(file, Files.readString(file));
            assertFalse(documents.isEmpty(), file + " holds no document");
            for (Manifest m : documents) {
                assertTrue(m.content().isObject(), m.where() + " is not a mapping");
                assertFalse(m.apiVersion().isEmpty(), m.where() + " has no apiVersion");
                assertFalse(m.kind().isEmpty(), m.where() + " has no kind");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStrimziResourceValidatesAgainstItsCrd() {
        return StrimziManifests.all().stream()
                .filter(m -> !m.kind().equals(KUSTOMIZATION))
                .map(m -> DynamicTest.dynamicTest(m.where(), () -> {
                    assertEquals(STRIMZI_API, m.apiVersion(), m.where());
                    List<String> violations = SCHEMAS.violations(m.content());
                    assertTrue(violations.isEmpty(), m.where() + " breaks its CRD:\n  " + String.join("\n  ", violations));
                }));
    }

    @Test
    void theKustomizationAppliesEveryManifestFileAndOnlyThose() {
        List<Manifest> kustomizations = StrimziManifests.ofKind(KUSTOMIZATION);
        assertEquals(1, kustomizations.size(), "one kustomization.yaml");
        Manifest kustomization = kustomizations.get(0);
        Set<String> listed = kustomization.content().path("resources").valueStream().map(JsonNode::asString)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> manifestFiles = StrimziManifests.yamlFiles().stream().map(f -> f.getFileName().toString())
                .filter(f -> !f.equals(kustomization.file().getFileName().toString()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(manifestFiles, listed);
        assertFalse(kustomization.content().path("namespace").asString("").isBlank(), "the kustomization sets a namespace");
    }

    @Test
    void everyResourceHasAKubernetesNameAndBelongsToTheOneCluster() {
        List<Manifest> kafkas = StrimziManifests.ofKind("Kafka");
        assertEquals(1, kafkas.size(), "exactly one Kafka cluster");
        String cluster = kafkas.get(0).name();

        for (Manifest m : StrimziManifests.all()) {
            if (m.kind().equals(KUSTOMIZATION)) {
                continue;
            }
            assertTrue(DNS_SUBDOMAIN.matcher(m.name()).matches() && m.name().length() <= 253,
                    m.where() + ": metadata.name is not a Kubernetes resource name");
            if (!m.kind().equals("Kafka")) {
                assertEquals(cluster, m.content().path("metadata").path("labels").path("strimzi.io/cluster").asString(""),
                        m.where() + " must carry label strimzi.io/cluster: " + cluster);
            }
        }
    }

    @Test
    void theClusterIsOneKraftNodeOnTheKafkaVersionTheClientsUse() {
        JsonNode kafka = StrimziManifests.ofKind("Kafka").get(0).spec().path("kafka");
        List<Manifest> pools = StrimziManifests.ofKind("KafkaNodePool");

        assertEquals(AppInfoParser.getVersion(), kafka.path("version").asString(), "broker and clients on one Kafka version");
        assertEquals(MetadataVersion.LATEST_PRODUCTION.version(), kafka.path("metadataVersion").asString());
        assertEquals(1, pools.size());
        JsonNode pool = pools.get(0).spec();
        assertEquals(1, pool.path("replicas").asInt());
        assertEquals(Set.of("controller", "broker"),
                pool.path("roles").valueStream().map(JsonNode::asString).collect(Collectors.toSet()));
        JsonNode config = kafka.path("config");
        for (String replication : List.of("default.replication.factor", "min.insync.replicas",
                "offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr")) {
            assertEquals(1, config.path(replication).asInt(), replication + " on a single broker");
        }
        assertFalse(config.path("auto.create.topics.enable").asBoolean(true), "topics come only from the registry");
    }

    @Test
    void everyListenerRequiresScramAndAclsAreEnforced() {
        JsonNode kafka = StrimziManifests.ofKind("Kafka").get(0).spec().path("kafka");
        Set<String> listeners = kafka.path("listeners").valueStream()
                .map(l -> l.path("name").asString() + ":" + l.path("port").asInt() + ":" + l.path("type").asString()
                        + ":tls=" + l.path("tls").asBoolean() + ":" + l.path("authentication").path("type").asString("none"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(Set.of("plain:9092:internal:tls=false:scram-sha-512", "tls:9093:internal:tls=true:scram-sha-512",
                "external:9094:nodeport:tls=false:scram-sha-512"), listeners);
        assertEquals("simple", kafka.path("authorization").path("type").asString());
        JsonNode external = kafka.path("listeners").valueStream().filter(l -> l.path("name").asString().equals("external")).findFirst()
                .orElseThrow().path("configuration");
        assertEquals(31092, external.path("bootstrap").path("nodePort").asInt(), "the bootstrap NodePort infra/k3s/README.md's kcat recipe uses");
        assertEquals(31093, external.path("brokers").path(0).path("nodePort").asInt());
        JsonNode entityOperator = StrimziManifests.ofKind("Kafka").get(0).spec().path("entityOperator");
        assertTrue(entityOperator.has("topicOperator") && entityOperator.has("userOperator"),
                "the topic and user operators turn KafkaTopics and KafkaUsers into topics, credentials and ACLs");
    }
}
