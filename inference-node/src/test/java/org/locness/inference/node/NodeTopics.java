package org.locness.inference.node;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.Event;
import org.locness.events.id.JobId;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;
import org.locness.testing.EventSender;
import org.locness.testing.TopicReader;

/** The broker as a node test sees it: publish jobs and announcements, read the node's results and dead letters. */
final class NodeTopics implements AutoCloseable {
    private static final EventCodec<InferenceCompleted> COMPLETED = EventCodec.of(InferenceCompleted.class);

    private final KafkaSettings kafka;
    private final EventSender sender;

    NodeTopics(KafkaSettings kafka) {
        this.kafka = kafka;
        this.sender = new EventSender(kafka, "inference-node-it");
    }

    void publish(Event event) {
        sender.publish(event);
    }

    /** Sends bytes as they are, e.g. a record that is not an event. */
    void publishRaw(Topic topic, String key, byte[] value) throws Exception {
        sender.publishRaw(topic, key, value);
    }

    /** The job's results on {@code inference.completed}, read from the start, once there are {@code count}. */
    List<InferenceCompleted> completed(JobId job, int count, Duration timeout) {
        return read(Topic.INFERENCE_COMPLETED.topicName(), job.value(), count, timeout).stream()
                .map(record -> COMPLETED.parse(record.value())).toList();
    }

    /** The records with {@code key} on {@code topic}, read from the start, once there are {@code count}. */
    List<ConsumerRecord<String, byte[]>> read(String topic, String key, int count, Duration timeout) {
        return TopicReader.await(count + " record(s) with key " + key, kafka, topic, timeout, TopicReader.keyed(key),
                records -> records.size() >= count);
    }

    @Override
    public void close() {
        sender.close();
    }
}
