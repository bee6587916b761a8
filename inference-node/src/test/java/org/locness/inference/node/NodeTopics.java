package org.locness.inference.node;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.Event;
import org.locness.events.id.JobId;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;

/** The broker as a node test sees it: publish jobs and announcements, read the node's results and dead letters. */
final class NodeTopics implements AutoCloseable {
    private static final EventCodec<InferenceCompleted> COMPLETED = EventCodec.of(InferenceCompleted.class);

    private final KafkaSettings kafka;
    private final Producer<String, byte[]> producer;
    private final EventPublisher publisher;

    NodeTopics(KafkaSettings kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.producer("inference-node-it"));
        this.publisher = new EventPublisher(producer, "locness/inference-node-it", Clock.systemUTC());
    }

    void publish(Event event) {
        publisher.publish(event);
    }

    /** Sends bytes as they are, e.g. a record that is not an event. */
    void publishRaw(Topic topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get();
    }

    /** The job's results on {@code inference.completed}, read from the start, once there are {@code count}. */
    List<InferenceCompleted> completed(JobId job, int count, Duration timeout) {
        return read(Topic.INFERENCE_COMPLETED.topicName(), job.value(), count, timeout).stream()
                .map(record -> COMPLETED.parse(record.value())).toList();
    }

    /** The records with {@code key} on {@code topic}, read from the start, once there are {@code count}. */
    List<ConsumerRecord<String, byte[]>> read(String topic, String key, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("node-it-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + timeout + ": " + count + " record(s) with key " + key
                            + " on " + topic + "; found " + found.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close();
    }
}
