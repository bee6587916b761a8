package org.locness.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.locness.infra.embedded.EmbeddedStack;

/**
 * What the test puts where the cluster has something of its own: the embedded stack's addresses for
 * the in-cluster Services, its lake keys for the S3 Secret, and one directory per node for hostPath
 * volumes (shared by every pod on that node, as the node's disk is). The embedded broker is PLAINTEXT,
 * so the SCRAM username and password a manifest gives are dropped: item 4 of issue 14 tests them.
 */
final class ClusterStandIns {
    /** SCRAM credentials: meaningless to a PLAINTEXT broker, so not passed on. */
    static final Set<String> DROPPED_ENV = Set.of("LOCNESS_KAFKA_USERNAME", "LOCNESS_KAFKA_PASSWORD");

    private final Map<String, String> services;
    private final Map<String, String> secrets;
    private final Path root;

    private ClusterStandIns(Map<String, String> services, Map<String, String> secrets, Path root) {
        this.services = services;
        this.secrets = secrets;
        this.root = root;
    }

    /**
     * Stand-ins for the addresses the manifests may name, derived from what is rendered: Strimzi's
     * bootstrap Service for the Kafka CR's plain internal listener ({@code strimzi/}), and the
     * overlay's {@code minio} (port {@code api}) and {@code temporal} (port {@code grpc}) Services.
     * Only exact addresses are known, so a manifest naming a wrong Service, namespace or port is left
     * unresolved and fails.
     */
    static ClusterStandIns of(EmbeddedStack stack, HomelabOverlay overlay, HomelabOverlay strimzi, Path root) {
        String temporal = stack.temporalTarget().orElseThrow(() -> new AssertionError("the stack runs no Temporal"));
        Map<String, String> services = new HashMap<>();
        JsonNode kafka = only(strimzi.all("Kafka"), "Kafka CR in " + HomelabOverlay.STRIMZI);
        int plainPort = -1;
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if ("internal".equals(listener.path("type").asText()) && !listener.path("tls").asBoolean()) {
                plainPort = listener.path("port").asInt();
            }
        }
        if (plainPort < 0) {
            throw new AssertionError("the Kafka CR has no internal listener without TLS, which KafkaSettings speaks");
        }
        addresses(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap",
                kafka.path("metadata").path("namespace").asText(), plainPort)
                .forEach(a -> services.put(a, stack.kafkaBootstrap()));
        JsonNode minio = service(overlay, "minio");
        addresses("minio", minio.path("metadata").path("namespace").asText(), port(minio, "api"))
                .forEach(a -> services.put("http://" + a, stack.s3Endpoint()));
        JsonNode temporalService = service(overlay, "temporal");
        addresses("temporal", temporalService.path("metadata").path("namespace").asText(), port(temporalService, "grpc"))
                .forEach(a -> services.put(a, temporal));
        Map<String, String> secrets = Map.of(
                "locness-s3/access-key", stack.s3AccessKey(),
                "locness-s3/secret-key", stack.s3SecretKey());
        return new ClusterStandIns(services, secrets, root);
    }

    private static List<String> addresses(String name, String namespace, int port) {
        return List.of(name + "." + namespace + ".svc:" + port, name + "." + namespace + ".svc.cluster.local:" + port);
    }

    private static JsonNode service(HomelabOverlay overlay, String name) {
        return only(overlay.all("Service").stream().filter(s -> name.equals(s.path("metadata").path("name").asText())).toList(),
                "Service " + name + " in " + HomelabOverlay.OVERLAY);
    }

    private static int port(JsonNode service, String name) {
        for (JsonNode port : service.path("spec").path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("port").asInt();
            }
        }
        throw new AssertionError("Service " + service.path("metadata").path("name").asText() + " has no port named " + name);
    }

    private static JsonNode only(List<JsonNode> found, String what) {
        if (found.size() != 1) {
            throw new AssertionError("expected one " + what + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The test's address for an in-cluster one, or empty if the value names no known Service. */
    Optional<String> service(String value) {
        return Optional.ofNullable(services.get(value));
    }

    String secret(String name, String key) {
        String value = secrets.get(name + "/" + key);
        if (value == null) {
            throw new AssertionError("the test has no stand-in for Secret " + name + " key " + key);
        }
        return value;
    }

    /** A node's hostPath, the same directory for every pod scheduled there. */
    Path hostPath(String node, String path) {
        return shared(root.resolve("nodes").resolve(node).resolve(path.replaceFirst("^/+", "")));
    }

    Path claim(String name) {
        return shared(root.resolve("claims").resolve(name));
    }

    Path podDir(String pod, String volume) {
        return shared(root.resolve("pods").resolve(pod).resolve(volume));
    }

    /**
     * World-writable, with every directory up to the test's temp dir open to all: the image runs as
     * uid 10001, the directories are made by the test's user.
     */
    private Path shared(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Path p = dir; p != null && p.startsWith(root.getParent()); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
