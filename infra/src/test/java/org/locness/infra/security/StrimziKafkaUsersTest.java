package org.locness.infra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.locness.events.topic.Component;
import org.locness.infra.embedded.StrimziKafkaUsers;
import org.locness.infra.embedded.StrimziKafkaUsers.KafkaUser;

/** The KafkaUser CRs become the ACL bindings Strimzi's User Operator would create. */
class StrimziKafkaUsersTest {

    @Test
    void theRepositorysUsersAreTheComponentsEachWithItsAcls() {
        Map<String, KafkaUser> users = StrimziKafkaUsers.read(SecureKafkaIT.USERS).stream()
                .collect(Collectors.toMap(KafkaUser::name, u -> u));

        for (Component component : Component.values()) {
            assertTrue(users.containsKey(StrimziKafkaUsers.userName(component)), component + " has no KafkaUser");
        }
        List<AclBinding> ingest = users.get("ingest").acls();
        assertTrue(ingest.contains(allow("ingest", ResourceType.TRANSACTIONAL_ID, "ingest-", PatternType.PREFIXED,
                AclOperation.WRITE)), ingest.toString());
        assertTrue(ingest.contains(allow("ingest", ResourceType.GROUP, "ingest-jobs", PatternType.LITERAL,
                AclOperation.READ)), ingest.toString());
        assertTrue(users.get("aggregator").acls().contains(allow("aggregator", ResourceType.TOPIC, "aggregator-",
                PatternType.PREFIXED, AclOperation.DELETE)));
        assertEquals(List.of(
                allow("daily-prep", ResourceType.TOPIC, "context.daily-ready", PatternType.LITERAL, AclOperation.WRITE),
                allow("daily-prep", ResourceType.TOPIC, "context.daily-ready", PatternType.LITERAL, AclOperation.DESCRIBE)),
                users.get("daily-prep").acls());
    }

    @Test
    void operationsInStrimzisSpellingAndDefaultsBecomeKafkasAcls() throws Exception {
        List<KafkaUser> users = parse("""
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: t}
                        operations: [DescribeConfigs, IdempotentWrite]
                      - resource: {type: cluster}
                        type: deny
                        host: 10.0.0.1
                        operations: [Alter]
                """);

        assertEquals(List.of(
                allow("u", ResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS),
                allow("u", ResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE),
                new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                        new AccessControlEntry("User:u", "10.0.0.1", AclOperation.ALTER, AclPermissionType.DENY))),
                users.get(0).acls());
    }

    @Test
    void anUnknownOperationResourceOrAuthenticationIsRefusedWithTheUsersName() {
        IllegalArgumentException operation = assertThrows(IllegalArgumentException.class, () -> parse("""
                spec:
                  authentication: {type: scram-sha-512}
                  authorization: {acls: [{resource: {type: topic, name: t}, operations: [Reed]}]}
                """));
        assertTrue(operation.getMessage().contains("u: unknown ACL operation 'Reed'"), operation.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("""
                spec:
                  authentication: {type: scram-sha-512}
                  authorization: {acls: [{resource: {type: delegationToken, name: t}, operations: [Read]}]}
                """));
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class, () -> parse("""
                spec:
                  authentication: {type: tls}
                """));
        assertTrue(tls.getMessage().contains("scram-sha-512"), tls.getMessage());
    }

    private static List<KafkaUser> parse(String spec) throws Exception {
        return StrimziKafkaUsers.parse("test.yaml", """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: not-a-user}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                """ + spec);
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
