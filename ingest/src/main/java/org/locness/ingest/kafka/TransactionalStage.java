package org.locness.ingest.kafka;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.InvalidEventException;

/**
 * The transform of a consume-transform-produce loop ({@link TransactionalLoop}). What it returns is
 * produced in the same Kafka transaction that commits the input offsets, so downstream
 * {@code read_committed} consumers see each input's output exactly once.
 */
public interface TransactionalStage {

    /**
     * The output for one record. Throwing {@link InvalidEventException} sends the record to its DLQ
     * (in the same transaction); any other exception is transient: the record is retried.
     */
    List<ProducerRecord<String, byte[]>> onRecord(ConsumerRecord<String, byte[]> record) throws Exception;

    /** Output that became due with the passing of time (a debounce); called after every poll. */
    default List<ProducerRecord<String, byte[]>> onTick(Instant now) {
        return List.of();
    }

    /**
     * The lowest offset of {@code partition} whose work is still held back (seen, but its output is
     * not produced yet): the loop commits no offset past it, so a crash re-delivers that record.
     */
    default OptionalLong heldFrom(TopicPartition partition) {
        return OptionalLong.empty();
    }

    /** {@code record} goes to the DLQ in the current transaction. */
    default void onDeadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException error) {
    }

    /** The current transaction committed: what the stage counted since the last commit is now true. */
    default void onCommitted() {
    }

    /**
     * The current transaction was aborted, or partitions were revoked: forget everything since the
     * last commit. The loop rewinds to the committed offsets, so that work comes back.
     */
    default void onDiscarded() {
    }
}
