package org.locness.testing;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.locness.events.Event;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;

/** Publishes what a test feeds a service: events as the services publish them, or raw bytes. */
public final class EventSender implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final EventPublisher publisher;

    /** {@code name} is the client id and, under {@code locness/}, the events' CloudEvents source. */
    public EventSender(KafkaSettings kafka, String name) {
        this.producer = new KafkaProducer<>(kafka.producer(name));
        this.publisher = new EventPublisher(producer, "locness/" + name, Clock.systemUTC());
    }

    public RecordMetadata publish(Event event) {
        return publisher.publish(event);
    }

    /** Sends bytes as they are, e.g. a record that is not an event. */
    public RecordMetadata publishRaw(Topic topic, String key, byte[] value) throws InterruptedException, ExecutionException {
        return producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
