package org.locness.infra.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.locness.events.topic.Component;
import tools.jackson.databind.JsonNode;

/** Each KafkaUser's ACLs are exactly what the {@link Component} table implies: none missing, none extra. */
class StrimziUsersTest {
    private static final Map<String, Set<AclGrant>> EXPECTED = ComponentAcls.expectedByUser();

    @Test
    void everyComponentHasOneUserAndEveryUserIsAComponentOrTheObjectStore() {
        List<String> users = StrimziManifests.ofKind("KafkaUser").stream().map(Manifest::name).toList();

        assertEquals(users.size(), Set.copyOf(users).size(), "a user declared twice: " + users);
        SetDiff<String> diff = SetDiff.of(EXPECTED.keySet(), users);
        assertTrue(diff.isEmpty(), "KafkaUsers vs Component table: " + diff.describe());
    }

    @TestFactory
    Stream<DynamicTest> eachUsersAclsAreExactlyWhatTheTableImplies() {
        return StrimziManifests.ofKind("KafkaUser").stream().map(user -> DynamicTest.dynamicTest(user.where(), () -> {
            List<AclGrant> actual = AclGrant.ofKafkaUser(user.content());
            assertEquals(actual.size(), Set.copyOf(actual).size(), user.where() + " grants something twice: " + actual);
            SetDiff<AclGrant> diff = SetDiff.of(EXPECTED.getOrDefault(user.name(), Set.of()), actual);
            assertTrue(diff.isEmpty(), user.where() + " ACLs vs Component table: " + diff.describe());
        }));
    }

    @Test
    void everyUserAuthenticatesWithScramAndHoldsOnlyAllowRulesForAnyHost() {
        for (Manifest user : StrimziManifests.ofKind("KafkaUser")) {
            JsonNode spec = user.spec();
            assertEquals("scram-sha-512", spec.path("authentication").path("type").asString(), user.where());
            assertEquals("simple", spec.path("authorization").path("type").asString(), user.where());
            for (JsonNode acl : spec.path("authorization").path("acls")) {
                assertEquals("allow", acl.path("type").asString("allow"), user.where() + ": deny rules hide intent");
                assertEquals("*", acl.path("host").asString("*"), user.where() + ": pods have no fixed address");
            }
        }
    }

    @Test
    void theTableTranslatesIntoTheExpectedKindsOfGrant() {
        Set<AclGrant> ingest = ComponentAcls.expected(Component.INGEST);
        Set<AclGrant> inference = ComponentAcls.expected(Component.INFERENCE_NODE);
        Set<AclGrant> aggregator = ComponentAcls.expected(Component.AGGREGATOR);

        assertTrue(ingest.contains(new AclGrant("topic", "jobs.requested", "literal", "Read")));
        assertTrue(ingest.contains(new AclGrant("topic", "jobs.requested", "literal", "Write")));
        assertTrue(ingest.contains(new AclGrant("topic", "lake.object-events.dlq", "literal", "Write")));
        assertTrue(ingest.contains(new AclGrant("group", "ingest-jobs", "literal", "Read")));
        assertTrue(ingest.contains(new AclGrant("transactionalId", "ingest-", "prefix", "Write")));
        assertTrue(inference.contains(new AclGrant("group", "inference-", "prefix", "Read")));
        assertTrue(aggregator.contains(new AclGrant("group", "aggregator", "literal", "Read")));
        assertTrue(aggregator.contains(new AclGrant("topic", "aggregator-", "prefix", "Create")));
        assertTrue(aggregator.contains(new AclGrant("transactionalId", "aggregator", "prefix", "Describe")));
        assertEquals(Set.of(new AclGrant("topic", "context.daily-ready", "literal", "Write"),
                new AclGrant("topic", "context.daily-ready", "literal", "Describe")), ComponentAcls.expected(Component.DAILY_PREP));
        assertEquals("inference-node", ComponentAcls.userName(Component.INFERENCE_NODE));
    }

    @Test
    void aMissingAndAnExtraGrantAreBothReported() {
        JsonNode sweeper = StrimziManifests.parse(Path.of("tampered.yaml"), """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: sweeper}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: inference.completed}
                        operations: [Read, Describe]
                      - resource: {type: topic, name: results.staged, patternType: literal}
                        operations: [Write, Describe]
                      - resource: {type: topic, name: jobs.ready, patternType: literal}
                        operations: [Read]
                      - resource: {type: group, name: sweeper-, patternType: prefix}
                        operations: [Read]
                """).get(0).content();

        SetDiff<AclGrant> diff = SetDiff.of(EXPECTED.get("sweeper"), AclGrant.ofKafkaUser(sweeper));

        assertEquals("missing [Describe topic:inference.completed.dlq, Write topic:inference.completed.dlq],"
                + " extra [Read topic:jobs.ready]", diff.describe());
    }
}
