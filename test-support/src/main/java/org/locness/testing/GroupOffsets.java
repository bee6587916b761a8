package org.locness.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.kafka.KafkaSettings;

/**
 * What a consumer group has committed: the positive signal that a service has worked through its
 * input (and, for a transactional one, that its output for that input is readable).
 */
public final class GroupOffsets {
    private GroupOffsets() {
    }

    /** The offset {@code group} has committed on {@code partition}, or null. */
    public static OffsetAndMetadata committed(KafkaSettings kafka, String group, TopicPartition partition)
            throws InterruptedException, ExecutionException {
        try (Admin admin = admin(kafka)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
        }
    }

    /** Whether {@code group} has committed up to the committed end of every partition of {@code topic}. */
    public static boolean committedToEnd(KafkaSettings kafka, String group, String topic)
            throws InterruptedException, ExecutionException {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            return end.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || committed.containsKey(e.getKey()) && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }

    private static Admin admin(KafkaSettings kafka) {
        return Admin.create(kafka.common());
    }
}
