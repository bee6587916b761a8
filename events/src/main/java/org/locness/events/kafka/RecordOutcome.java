package org.locness.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.locness.events.InvalidEventException;
import org.slf4j.Logger;

/**
 * What became of one record's work, read from how it ended as {@link RecordHandler} defines it:
 * done; for the DLQ ({@link InvalidEventException}, the {@link #error}); or to retry (any other
 * exception, or an interrupt, which is kept set). Every consumer loop classifies its records here,
 * so each outcome is decided and logged the same way whatever the loop does with it.
 */
public record RecordOutcome(Kind kind, InvalidEventException error) {

    public enum Kind { DONE, DEAD_LETTER, RETRY }

    private static final RecordOutcome DONE = new RecordOutcome(Kind.DONE, null);
    private static final RecordOutcome RETRY = new RecordOutcome(Kind.RETRY, null);

    /**
     * Runs {@code work} on {@code record} and classifies how it ended, logging a rejection or a
     * transient failure on the loop's own {@code log}. A wakeup is rethrown: it is the loop being
     * stopped. An {@link Error} is not caught: no retry cures it.
     */
    public static RecordOutcome classify(String loop, Logger log, ConsumerRecord<String, byte[]> record,
            RecordHandler work) {
        try {
            work.handle(record);
            return DONE;
        } catch (InvalidEventException e) {
            log.warn("{}: rejected {}-{}@{} to {}: {}", loop, record.topic(), record.partition(), record.offset(),
                    DeadLetterRouter.dlqOf(record.topic()), e.getMessage());
            return new RecordOutcome(Kind.DEAD_LETTER, e);
        } catch (WakeupException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RETRY;
        } catch (Exception e) {
            log.warn("{}: transient failure on {}-{}@{}, will retry: {}", loop, record.topic(), record.partition(),
                    record.offset(), e.toString());
            return RETRY;
        }
    }
}
