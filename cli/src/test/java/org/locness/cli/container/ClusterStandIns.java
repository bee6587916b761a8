package org.locness.cli.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    static ClusterStandIns of(EmbeddedStack stack, Path root) {
        String temporal = stack.temporalTarget().orElseThrow(() -> new AssertionError("the stack runs no Temporal"));
        // Exact values, so a manifest naming a wrong Service, namespace or port is left unresolved and fails.
        Map<String, String> services = Map.of(
                "locness-kafka-bootstrap.kafka.svc:9092", stack.kafkaBootstrap(),
                "http://minio.locness.svc:9000", stack.s3Endpoint(),
                "temporal.temporal.svc:7233", temporal);
        Map<String, String> secrets = Map.of(
                "locness-s3/access-key", stack.s3AccessKey(),
                "locness-s3/secret-key", stack.s3SecretKey());
        return new ClusterStandIns(services, secrets, root);
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
