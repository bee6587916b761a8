package org.locness.events.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The work one record stands for. Returning means the work is durable. Throwing
 * {@link org.locness.events.InvalidEventException} means the record can never succeed (it goes to
 * the DLQ); any other exception is transient (the record is retried, nothing is committed).
 */
@FunctionalInterface
public interface RecordHandler {
    void handle(ConsumerRecord<String, byte[]> record) throws Exception;

    /**
     * Called with each polled batch, in offset order per partition, before its records are
     * handled one by one: a handler may do here what is cheaper for several records together (one
     * forward pass for several jobs) and keep the results for {@link #handle}. Nothing it does may
     * be durable or needed: a record is done only when {@code handle} returns, and {@code handle}
     * must cope with a record this method skipped, failed on or never saw.
     */
    default void prepare(List<ConsumerRecord<String, byte[]>> batch) {
    }
}
