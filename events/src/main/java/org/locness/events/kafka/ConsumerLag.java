package org.locness.events.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code locness_consumer_lag{group, topic, partition}}: per partition a consumer owns, how many
 * records lie between the next one its group has still to do and the partition's end (the last
 * stable offset for read_committed consumers). Loops update it after each poll from the consumer's
 * own fetch state ({@link Consumer#currentLag}, no broker call); Kafka Streams from its clients'
 * {@code records-lag} metrics. A partition the consumer no longer owns loses its meter: its new
 * owner, maybe another process, reports it.
 */
public final class ConsumerLag {
    public static final String METER = "locness_consumer_lag";
    /** The Kafka consumer's own per-partition lag metric, as Kafka Streams exposes it. */
    static final String CLIENT_METRIC = "records-lag";
    static final String CLIENT_METRIC_GROUP = "consumer-fetch-manager-metrics";
    /** Streams' restore consumers read changelogs, whose lag is restoration, not work owed. */
    static final String RESTORE_CLIENT_SUFFIX = "-restore-consumer";

    private final MeterRegistry registry;
    private final String group;
    private final Map<TopicPartition, Owned> owned = new ConcurrentHashMap<>();

    private record Owned(AtomicLong lag, Gauge gauge) {
    }

    public ConsumerLag(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
    }

    /** After a poll (and any seek back): the lag of each assigned partition whose position and end are known. */
    public void update(Consumer<?, ?> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> known = new HashMap<>();
        for (TopicPartition partition : assigned) {
            consumer.currentLag(partition).ifPresent(lag -> known.put(partition, lag));
        }
        set(known, assigned);
    }

    /**
     * From a Kafka client's metrics ({@code KafkaStreams.metrics()}): its consumers' {@code records-lag}
     * per partition, restore consumers left out. A partition without that metric is no longer owned.
     */
    public void updateFromClientMetrics(Map<MetricName, ? extends Metric> metrics) {
        Map<TopicPartition, Long> known = new HashMap<>();
        metrics.forEach((name, metric) -> {
            Map<String, String> tags = name.tags();
            if (!CLIENT_METRIC.equals(name.name()) || !CLIENT_METRIC_GROUP.equals(name.group())
                    || !tags.containsKey("topic") || !tags.containsKey("partition")
                    || tags.getOrDefault("client-id", "").endsWith(RESTORE_CLIENT_SUFFIX)) {
                return;
            }
            if (metric.metricValue() instanceof Number value && !Double.isNaN(value.doubleValue())) {
                known.merge(new TopicPartition(tags.get("topic"), Integer.parseInt(tags.get("partition"))),
                        value.longValue(), Math::max);
            }
        });
        set(known, known.keySet());
    }

    /** Removes every meter of this group's partitions: the consumer is closed and reports no lag. */
    public void clear() {
        set(Map.of(), Set.of());
    }

    /** Records {@code known}; partitions outside {@code assigned} lose their meter, unknown ones keep their last value. */
    private void set(Map<TopicPartition, Long> known, Set<TopicPartition> assigned) {
        owned.keySet().removeIf(partition -> {
            if (assigned.contains(partition)) {
                return false;
            }
            registry.remove(owned.get(partition).gauge());
            return true;
        });
        known.forEach((partition, lag) -> owned.computeIfAbsent(partition, this::register).lag().set(lag));
    }

    private Owned register(TopicPartition partition) {
        Tags tags = Tags.of("group", group, "topic", partition.topic(), "partition", String.valueOf(partition.partition()));
        // A loop started again in the same process replaces the meter its predecessor left.
        Gauge previous = registry.find(METER).tags(tags).gauge();
        if (previous != null) {
            registry.remove(previous);
        }
        AtomicLong lag = new AtomicLong();
        Gauge gauge = Gauge.builder(METER, lag, AtomicLong::get)
                .description("Records of a partition its consumer group has still to do")
                .tags(tags).strongReference(true).register(registry);
        return new Owned(lag, gauge);
    }
}
