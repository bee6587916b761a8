package org.locness.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.KafkaSettings;

/**
 * Reads a whole topic (from its beginning, or from now on) as a {@code read_committed} downstream
 * consumer sees it, on every partition, in a group of its own that commits nothing. Each read goes on from where the last
 * one stopped. Arguments in the order of {@link Await}: what, how long, then the conditions.
 */
public final class TopicReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    private TopicReader(KafkaSettings kafka, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(kafka.consumer("it-reader-" + UUID.randomUUID()));
        this.partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
    }

    public static TopicReader fromStart(KafkaSettings kafka, String topic) {
        TopicReader reader = new TopicReader(kafka, topic);
        reader.consumer.seekToBeginning(reader.partitions);
        return reader;
    }

    /** A reader that sees only what is published from now on. */
    public static TopicReader fromEnd(KafkaSettings kafka, String topic) {
        TopicReader reader = new TopicReader(kafka, topic);
        reader.consumer.seekToEnd(reader.partitions);
        reader.partitions.forEach(reader.consumer::position);
        return reader;
    }

    /** One read of {@code topic} from its beginning: {@link #read(Duration, Predicate, Predicate)} on a new reader. */
    public static List<ConsumerRecord<String, byte[]>> read(KafkaSettings kafka, String topic, Duration timeout,
            Predicate<ConsumerRecord<String, byte[]>> filter, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        try (TopicReader reader = fromStart(kafka, topic)) {
            return reader.read(timeout, filter, done);
        }
    }

    /** One read of {@code topic} from its beginning that fails unless {@code done} holds in time. */
    public static List<ConsumerRecord<String, byte[]>> await(String what, KafkaSettings kafka, String topic,
            Duration timeout, Predicate<ConsumerRecord<String, byte[]>> filter,
            Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        try (TopicReader reader = fromStart(kafka, topic)) {
            return reader.await(what, timeout, filter, done);
        }
    }

    /**
     * The records that pass {@code filter}, read on until {@code done} holds for them or {@code timeout}
     * passes, then on to the topic's end as it is then, so that nothing committed by then is missed.
     * Returns what this call read, whether or not {@code done} came to hold.
     */
    public List<ConsumerRecord<String, byte[]>> read(Duration timeout, Predicate<ConsumerRecord<String, byte[]>> filter,
            Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            poll(filter, records);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            poll(filter, records);
        }
        return records;
    }

    /** Every record, read on until there are {@code count} or {@code timeout} passes. */
    public List<ConsumerRecord<String, byte[]>> read(Duration timeout, int count) {
        return read(timeout, r -> true, records -> records.size() >= count);
    }

    /** As {@link #read(Duration, Predicate, Predicate)}, but fails unless {@code done} holds in time. */
    public List<ConsumerRecord<String, byte[]>> await(String what, Duration timeout,
            Predicate<ConsumerRecord<String, byte[]>> filter, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> records = read(timeout, filter, done);
        if (!done.test(records)) {
            throw new AssertionError("not within " + timeout + " on " + topic + ": " + what + "; read " + records.size()
                    + " matching record(s)");
        }
        return records;
    }

    /** Matches the records with this key. */
    public static Predicate<ConsumerRecord<String, byte[]>> keyed(String key) {
        return record -> key.equals(record.key());
    }

    public static String value(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse(null);
    }

    private void poll(Predicate<ConsumerRecord<String, byte[]>> filter, List<ConsumerRecord<String, byte[]>> records) {
        consumer.poll(POLL).forEach(record -> {
            if (filter.test(record)) {
                records.add(record);
            }
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
