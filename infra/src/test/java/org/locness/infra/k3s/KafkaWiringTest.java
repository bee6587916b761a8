package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The K3s pods and the Strimzi cluster (strimzi/) meet: each pod's Kafka credentials are a KafkaUser's,
 * in a Secret the User Operator writes where the pod can read it, and the bootstrap address is the
 * cluster's service.
 */
class KafkaWiringTest {
    private static final Path STRIMZI = Path.of("..", "strimzi");

    private static JsonNode strimzi(String file, String kind) throws Exception {
        return Kustomize.readAll(Files.readString(STRIMZI.resolve(file))).stream().filter(d -> kind.equals(d.path("kind").asText()))
                .findFirst().orElseThrow();
    }

    private static String bootstrap() throws Exception {
        JsonNode kafka = strimzi("kafka.yaml", "Kafka");
        String namespace = strimzi("kustomization.yaml", "Kustomization").path("namespace").asText();
        int plain = 0;
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if ("plain".equals(listener.path("name").asText())) {
                plain = listener.path("port").asInt();
            }
        }
        return kafka.path("metadata").path("name").asText() + "-kafka-bootstrap." + namespace + ".svc:" + plain;
    }

    /**
     * The User Operator writes a KafkaUser's Secret into the namespace it watches, by default its
     * Kafka cluster's; a pod reads only Secrets of its own namespace. So the cluster's namespace must be
     * the pods', or every password change needs a manual copy.
     */
    @Test
    void theKafkaUsersSecretsAreWrittenInTheNamespaceOfThePodsThatReadThem() throws Exception {
        String kafkaNamespace = strimzi("kustomization.yaml", "Kustomization").path("namespace").asText();
        JsonNode userOperator = strimzi("kafka.yaml", "Kafka").path("spec").path("entityOperator").path("userOperator");
        String watched = userOperator.path("watchedNamespace").asText(kafkaNamespace);
        Set<String> users = new TreeSet<>();
        Kustomize.readAll(Files.readString(STRIMZI.resolve("users.yaml"))).forEach(u -> users.add(u.path("metadata").path("name").asText()));
        assertTrue(userOperator.path("secretPrefix").asText("").isEmpty(), "the pods name the Secrets after the users, without a prefix");

        int checked = 0;
        for (JsonNode workload : Kustomize.workloads(Kustomize.homelab())) {
            for (JsonNode c : Kustomize.containers(workload)) {
                Map<String, JsonNode> env = new HashMap<>();
                c.path("env").forEach(e -> env.put(e.path("name").asText(), e));
                for (String password : List.of("LOCNESS_KAFKA_PASSWORD", "MINIO_NOTIFY_KAFKA_SASL_PASSWORD_PRIMARY")) {
                    if (!env.containsKey(password)) {
                        continue;
                    }
                    String secret = env.get(password).path("valueFrom").path("secretKeyRef").path("name").asText();
                    String user = env.get(password.equals("LOCNESS_KAFKA_PASSWORD") ? "LOCNESS_KAFKA_USERNAME"
                            : "MINIO_NOTIFY_KAFKA_SASL_USERNAME_PRIMARY").path("value").asText();
                    String id = Kustomize.id(workload);
                    assertTrue(users.contains(user), id + ": Kafka user " + user + " is not a KafkaUser of strimzi/users.yaml " + users);
                    assertEquals(user, secret, id + ": the User Operator names the Secret after the user");
                    assertEquals("password", env.get(password).path("valueFrom").path("secretKeyRef").path("key").asText(), id);
                    assertEquals(watched, workload.path("metadata").path("namespace").asText(),
                            id + " reads Secret " + secret + ", which the User Operator writes in namespace " + watched);
                    checked++;
                }
            }
        }
        assertEquals(11, checked, "10 Locness pods with a Kafka user (lake-init has none) and MinIO");
    }

    @Test
    void everyKafkaClientUsesTheClustersBootstrapService() throws Exception {
        String bootstrap = bootstrap();
        JsonNode config = Kustomize.kind(Kustomize.homelab(), "ConfigMap").stream()
                .filter(cm -> cm.path("metadata").path("name").asText().startsWith("locness-config")).findFirst().orElseThrow();
        assertEquals(bootstrap, config.path("data").path("LOCNESS_KAFKA_BOOTSTRAP").asText());
        JsonNode minio = Kustomize.workloads(Kustomize.homelab()).stream().filter(w -> w.path("metadata").path("name").asText().equals("minio"))
                .findFirst().orElseThrow();
        String brokers = null;
        for (JsonNode e : Kustomize.containers(minio).get(0).path("env")) {
            if (e.path("name").asText().equals("MINIO_NOTIFY_KAFKA_BROKERS_PRIMARY")) {
                brokers = e.path("value").asText();
            }
        }
        assertEquals(bootstrap, brokers);
    }
}
