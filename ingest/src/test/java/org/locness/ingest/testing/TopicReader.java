package org.locness.ingest.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.KafkaSettings;

/** Reads a whole topic as a {@code read_committed} downstream consumer sees it. */
public final class TopicReader {
    private TopicReader() {
    }

    /**
     * Every committed record of {@code topic} that passes {@code filter}, once {@code done} holds for
     * them (or {@code timeout} passes), read on to the topic's end so that nothing committed by then
     * is missed.
     */
    public static List<ConsumerRecord<String, byte[]>> read(KafkaSettings kafka, String topic,
            Predicate<ConsumerRecord<String, byte[]>> filter, Predicate<List<ConsumerRecord<String, byte[]>>> done,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("it-reader"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        records.add(r);
                    }
                });
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    public static String value(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse(null);
    }
}
