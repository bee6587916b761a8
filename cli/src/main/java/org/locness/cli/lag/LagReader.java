package org.locness.cli.lag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.kafka.KafkaSettings;

/**
 * Asks the broker, with three Admin calls, for every Locness group's committed offsets, members and
 * state, and the end of each partition they read. Ends are last stable offsets: Locness consumers
 * read committed, so an open or aborted transaction is not lag.
 */
final class LagReader implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 15;
    private final Admin admin;

    LagReader(KafkaSettings kafka) {
        this.admin = Admin.create(kafka.common());
    }

    List<LagRow> read() {
        List<String> groups = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream()
                .map(GroupListing::groupId).filter(LocnessGroups::isLocness).sorted().toList();
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> descriptions = get(admin.describeConsumerGroups(groups).all());
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = get(admin.listConsumerGroupOffsets(specs).all());

        Map<String, Set<TopicPartition>> partitions = new HashMap<>();
        Map<String, Map<TopicPartition, String>> owners = new HashMap<>();
        for (String group : groups) {
            Set<TopicPartition> read = new HashSet<>(committed.getOrDefault(group, Map.of()).keySet());
            Map<TopicPartition, String> owner = new HashMap<>();
            for (MemberDescription member : descriptions.get(group).members()) {
                member.assignment().topicPartitions().forEach(partition -> owner.put(partition, member.clientId()));
            }
            read.addAll(owner.keySet());
            partitions.put(group, read);
            owners.put(group, owner);
        }
        Map<TopicPartition, OptionalLong> ends = ends(partitions.values().stream().flatMap(Collection::stream).toList());

        List<LagRow> rows = new ArrayList<>();
        for (String group : groups) {
            String state = descriptions.get(group).groupState().toString();
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(group, Map.of());
            for (TopicPartition partition : partitions.get(group)) {
                OffsetAndMetadata offset = offsets.get(partition);
                rows.add(new LagRow(group, partition.topic(), partition.partition(),
                        offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset()),
                        ends.getOrDefault(partition, OptionalLong.empty()),
                        owners.get(group).getOrDefault(partition, ""), state));
            }
        }
        return rows;
    }

    /** Each partition's end; unknown for one the broker does not answer for (a topic deleted since, say). */
    private Map<TopicPartition, OptionalLong> ends(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        Map<TopicPartition, OptionalLong> ends = new HashMap<>();
        for (TopicPartition partition : latest.keySet()) {
            try {
                ends.put(partition, OptionalLong.of(get(result.partitionResult(partition)).offset()));
            } catch (IllegalStateException e) {
                ends.put(partition, OptionalLong.empty());
            }
        }
        return ends;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker for consumer lag", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read consumer lag: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
