package org.locness.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The work one record stands for. Returning means the work is durable. Throwing
 * {@link org.locness.events.InvalidEventException} means the record can never succeed (it goes to
 * the DLQ); any other exception is transient (the record is retried, nothing is committed).
 */
@FunctionalInterface
public interface RecordHandler {
    void handle(ConsumerRecord<String, byte[]> record) throws Exception;
}
