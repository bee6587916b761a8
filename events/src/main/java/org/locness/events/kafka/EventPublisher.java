package org.locness.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.locness.events.Event;
import org.locness.events.json.EventJson;

/**
 * Publishes contract events with their registry key and CloudEvents headers. {@link #publish}
 * returns only once the broker has the record, so a caller may then commit what it stands for.
 */
public final class EventPublisher {
    private final Producer<String, byte[]> producer;
    private final String source;
    private final Clock clock;

    public EventPublisher(Producer<String, byte[]> producer, String source, Clock clock) {
        this.producer = producer;
        this.source = source;
        this.clock = clock;
    }

    public ProducerRecord<String, byte[]> record(Event event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic().topicName(), event.recordKey(),
                EventJson.write(event).getBytes(StandardCharsets.UTF_8));
        CloudEventHeaders.add(record.headers(), event, source, clock);
        return record;
    }

    /** Sends without waiting: inside a transaction the commit is the durability point. */
    public Future<RecordMetadata> send(Event event) {
        return producer.send(record(event));
    }

    public RecordMetadata publish(Event event) {
        try {
            return producer.send(record(event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + event.topic().topicName(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + event.topic().topicName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }
}
