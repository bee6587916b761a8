package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    private static final TopicPartition P0 = new TopicPartition("jobs.ready", 0);
    private static final TopicPartition P1 = new TopicPartition("jobs.ready", 1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerLag lag = new ConsumerLag(registry, "sweeper-vm1");

    private Gauge gauge(TopicPartition partition) {
        return registry.find(ConsumerLag.METER).tag("group", "sweeper-vm1").tag("topic", partition.topic())
                .tag("partition", String.valueOf(partition.partition())).gauge();
    }

    @Test
    void theLagOfEachAssignedPartitionIsItsEndLessTheConsumersPosition() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(P0, P1));
        consumer.updateEndOffsets(Map.of(P0, 10L, P1, 4L));
        consumer.seek(P0, 3);
        consumer.seek(P1, 4);

        lag.update(consumer);

        assertEquals(7.0, gauge(P0).value());
        assertEquals(0.0, gauge(P1).value());
    }

    @Test
    void aPartitionNoLongerAssignedLosesItsMeterAndClearRemovesTheRest() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(P0, P1));
        consumer.updateEndOffsets(Map.of(P0, 10L, P1, 4L));
        consumer.seek(P0, 0);
        consumer.seek(P1, 0);
        lag.update(consumer);

        consumer.assign(List.of(P1));
        consumer.seek(P1, 1);
        lag.update(consumer);
        assertNull(gauge(P0));
        assertEquals(3.0, gauge(P1).value());

        lag.clear();
        assertNull(gauge(P1));
    }

    @Test
    void aLoopStartedAgainUnderTheSameGroupReportsItsOwnLag() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(P0));
        consumer.updateEndOffsets(Map.of(P0, 10L));
        consumer.seek(P0, 2);
        lag.update(consumer);

        ConsumerLag again = new ConsumerLag(registry, "sweeper-vm1");
        consumer.seek(P0, 9);
        again.update(consumer);

        assertEquals(1.0, gauge(P0).value());
    }

    @Test
    void kafkaStreamsLagComesFromItsMainConsumersRecordsLagNotFromRestoreConsumers() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "records-lag", "aggregator-1-StreamThread-1-consumer", P0, 5.0);
        put(metrics, "records-lag-max", "aggregator-1-StreamThread-1-consumer", P0, 50.0);
        put(metrics, "records-lag", "aggregator-1-StreamThread-1-restore-consumer",
                new TopicPartition("aggregator-store-changelog", 0), 900.0);
        put(metrics, "records-lag", "aggregator-1-StreamThread-2-consumer", P1, 0.0);

        lag.updateFromClientMetrics(metrics);

        assertEquals(5.0, gauge(P0).value());
        assertEquals(0.0, gauge(P1).value());
        assertNull(gauge(new TopicPartition("aggregator-store-changelog", 0)));

        metrics.keySet().removeIf(name -> "1".equals(name.tags().get("partition")));
        lag.updateFromClientMetrics(metrics);
        assertNull(gauge(P1));
    }

    private static void put(Map<MetricName, Metric> metrics, String name, String clientId, TopicPartition partition,
            double value) {
        MetricName metricName = new MetricName(name, ConsumerLag.CLIENT_METRIC_GROUP, "",
                Map.of("client-id", clientId, "topic", partition.topic(), "partition", String.valueOf(partition.partition())));
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
