package org.locness.cli.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.kafka.KafkaSettings;

/** Reads a topic from its beginning to its current end, without a consumer group or commits. */
public final class TopicScanner {
    private final KafkaSettings kafka;

    public TopicScanner(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** The one record at {@code topic/partition/offset}, if it is still retained. */
    public Optional<ConsumerRecord<String, byte[]>> read(String topic, int partition, long offset) {
        var props = kafka.consumer("locness-cli-status");
        props.remove("group.id");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200)).records(tp);
                if (!records.isEmpty()) {
                    // Compaction or retention may have removed the offset: then the first record is a later one.
                    return records.get(0).offset() == offset ? Optional.of(records.get(0)) : Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Visits every record from the beginning to the end the topic had when the scan started;
     * returns false if it gave up (30 s) before reaching that end.
     */
    public boolean scan(String topic, Consumer<ConsumerRecord<String, byte[]>> visitor) {
        var props = kafka.consumer("locness-cli-status");
        props.remove("group.id");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(visitor);
            }
            return true;
        }
    }
}
