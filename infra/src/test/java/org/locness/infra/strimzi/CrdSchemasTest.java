package org.locness.infra.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The schema check catches the mistakes that matter, and passes what Kubernetes passes. */
class CrdSchemasTest {
    private static final CrdSchemas SCHEMAS = CrdSchemas.load();

    @Test
    void servesTheFourStrimziKindsAtV1() {
        assertEquals(List.of("kafka.strimzi.io/v1/Kafka", "kafka.strimzi.io/v1/KafkaNodePool", "kafka.strimzi.io/v1/KafkaTopic",
                "kafka.strimzi.io/v1/KafkaUser"), List.copyOf(SCHEMAS.resources()));
    }

    @Test
    void aValidTopicPassesWithAnyTopicConfig() {
        assertEquals(List.of(), SCHEMAS.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec:
                  partitions: 3
                  replicas: 1
                  config: {retention.ms: 604800000, cleanup.policy: delete, anything.else: "x"}
                """)));
    }

    @Test
    void aMisspeltFieldIsAnError() {
        List<String> violations = SCHEMAS.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partition: 3}
                """));

        assertFalse(violations.isEmpty());
        assertTrue(violations.toString().contains("partition"), violations.toString());
    }

    @Test
    void wrongTypesAndBoundsAreErrors() {
        assertFalse(SCHEMAS.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: "3"}
                """)).isEmpty());
        assertFalse(SCHEMAS.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 0}
                """)).isEmpty());
    }

    @Test
    void theV1beta2SingularAclOperationIsGone() {
        List<String> violations = SCHEMAS.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: t}
                        operation: Read
                """));

        assertTrue(violations.toString().contains("operation"), violations.toString());
        assertTrue(violations.toString().contains("operations"), violations.toString());
    }

    @Test
    void v1beta2ResourcesAreNotServed() {
        assertEquals(List.of("no Strimzi 1.2.0 CRD serves kafka.strimzi.io/v1beta2 KafkaTopic (served: "
                        + SCHEMAS.resources() + ")"),
                SCHEMAS.violations(yaml("""
                        apiVersion: kafka.strimzi.io/v1beta2
                        kind: KafkaTopic
                        metadata: {name: t}
                        spec: {partitions: 1}
                        """)));
    }

    @Test
    void aListenerNeedsItsRequiredFieldsAndAKnownAuthentication() {
        List<String> violations = SCHEMAS.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners:
                      - {name: plain, port: 9092, type: internal, authentication: {type: scram-sha-256}}
                """));

        assertTrue(violations.contains("/spec/kafka/listeners/0: required property 'tls' not found"), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("/spec/kafka/listeners/0/authentication/type:")),
                violations.toString());
    }

    @Test
    void quantitiesAreIntOrStringAndMustLookLikeQuantities() {
        String pool = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata: {name: p}
                spec:
                  replicas: 1
                  roles: [controller, broker]
                  storage: {type: ephemeral}
                  resources: {requests: {cpu: %s, memory: 2Gi}}
                """;

        assertEquals(List.of(), SCHEMAS.violations(yaml(pool.formatted("2"))));
        assertEquals(List.of(), SCHEMAS.violations(yaml(pool.formatted("500m"))));
        assertFalse(SCHEMAS.violations(yaml(pool.formatted("lots"))).isEmpty());
    }

    private static JsonNode yaml(String text) {
        return StrimziManifests.parse(Path.of("inline.yaml"), text).get(0).content();
    }
}
