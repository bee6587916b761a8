package org.locness.infra.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.locness.events.topic.Topic;
import tools.jackson.databind.JsonNode;

/** The KafkaTopics and the topic registry ({@link Topic#allSpecs()}) describe the same topics. */
class StrimziTopicsTest {
    /** What the registry and a KafkaTopic must agree on. One broker: one replica. */
    record TopicShape(String name, int partitions, long retentionMs, int replicas, String cleanupPolicy) implements Comparable<TopicShape> {
        @Override
        public int compareTo(TopicShape other) {
            return toString().compareTo(other.toString());
        }
    }

    @Test
    void everyRegistryTopicHasExactlyOneKafkaTopicAndEveryKafkaTopicIsInTheRegistry() {
        List<String> names = StrimziManifests.ofKind("KafkaTopic").stream().map(m -> topicName(m.content())).toList();
        Set<String> registry = Topic.allSpecs().stream().map(s -> s.name()).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(names.size(), Set.copyOf(names).size(), "a topic declared twice: " + names);
        SetDiff<String> diff = SetDiff.of(registry, names);
        assertTrue(diff.isEmpty(), "KafkaTopics vs registry: " + diff.describe());
        assertEquals(22, names.size(), "11 topics and their DLQs");
    }

    @Test
    void partitionsRetentionAndReplicasAreTheRegistrys() {
        SetDiff<TopicShape> diff = SetDiff.of(expected(),
                StrimziManifests.ofKind("KafkaTopic").stream().map(m -> shape(m.content())).toList());

        assertTrue(diff.isEmpty(), "KafkaTopics vs registry: " + diff.describe());
    }

    @Test
    void aTopicThatDriftedFromTheRegistryIsReported() {
        JsonNode drifted = StrimziManifests.parse(Path.of("drift.yaml"), """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: jobs.ready, labels: {strimzi.io/cluster: locness}}
                spec: {partitions: 6, replicas: 1, config: {retention.ms: "604800000"}}
                """).get(0).content();
        List<TopicShape> actual = expected().stream()
                .map(t -> t.name().equals("jobs.ready") ? shape(drifted) : t).toList();

        SetDiff<TopicShape> diff = SetDiff.of(expected(), actual);

        assertEquals(Set.of(new TopicShape("jobs.ready", 3, 604_800_000L, 1, "delete")), diff.missing());
        assertEquals(Set.of(new TopicShape("jobs.ready", 6, 604_800_000L, 1, "delete")), diff.extra());
    }

    private static Set<TopicShape> expected() {
        return Topic.allSpecs().stream()
                .map(s -> new TopicShape(s.name(), s.partitions(), s.retention().toMillis(), 1, s.cleanupPolicy().config()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static TopicShape shape(JsonNode kafkaTopic) {
        JsonNode spec = kafkaTopic.path("spec");
        JsonNode retention = spec.path("config").path("retention.ms");
        // Strimzi takes topic config values as numbers or strings.
        long retentionMs = retention.isNumber() ? retention.longValue() : Long.parseLong(retention.asString("-1"));
        return new TopicShape(topicName(kafkaTopic), spec.path("partitions").asInt(-1), retentionMs, spec.path("replicas").asInt(-1),
                spec.path("config").path("cleanup.policy").asString("delete"));
    }

    /** The Kafka topic a KafkaTopic stands for: spec.topicName if given, else its metadata.name. */
    private static String topicName(JsonNode kafkaTopic) {
        String explicit = kafkaTopic.path("spec").path("topicName").asString("");
        return explicit.isEmpty() ? kafkaTopic.path("metadata").path("name").asString() : explicit;
    }
}
