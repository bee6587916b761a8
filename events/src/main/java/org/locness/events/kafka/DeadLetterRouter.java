package org.locness.events.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.locness.events.InvalidEventException;

/**
 * Sends a record that cannot be processed to {@code <topic>.dlq}: the original key, bytes and
 * headers, plus why it was rejected and where it came from, so an operator can fix and replay it.
 */
public final class DeadLetterRouter {
    public static final String SUFFIX = ".dlq";
    public static final String ERROR_CLASS = "dlq_error_class";
    public static final String REASON = "dlq_reason";
    public static final String FIELD = "dlq_field";
    public static final String SOURCE_TOPIC = "dlq_source_topic";
    public static final String SOURCE_PARTITION = "dlq_source_partition";
    public static final String SOURCE_OFFSET = "dlq_source_offset";

    private final Producer<String, byte[]> producer;

    public DeadLetterRouter(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public static String dlqOf(String topic) {
        return topic + SUFFIX;
    }

    /** Builds the DLQ record; exposed so a transactional caller can send it inside its transaction. */
    public static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, Throwable error) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(dlqOf(source.topic()), null, source.key(), source.value());
        for (Header header : source.headers()) {
            record.headers().add(header);
        }
        add(record, ERROR_CLASS, error.getClass().getName());
        add(record, REASON, reasonOf(error));
        if (error instanceof InvalidEventException invalid && invalid.field() != null) {
            add(record, FIELD, invalid.field());
        }
        add(record, SOURCE_TOPIC, source.topic());
        add(record, SOURCE_PARTITION, Integer.toString(source.partition()));
        add(record, SOURCE_OFFSET, Long.toString(source.offset()));
        return record;
    }

    public static String reasonOf(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    /** Returns once the DLQ record is durable, so the source offset may be committed. */
    public void route(ConsumerRecord<String, byte[]> source, Throwable error) {
        try {
            producer.send(deadLetter(source, error)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + dlqOf(source.topic()), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + dlqOf(source.topic()), e.getCause());
        }
    }

    private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
