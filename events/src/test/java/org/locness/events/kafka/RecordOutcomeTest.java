package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RecordOutcomeTest {
    private static final Logger LOG = LoggerFactory.getLogger(RecordOutcomeTest.class);
    private static final ConsumerRecord<String, byte[]> RECORD = new ConsumerRecord<>("in", 0, 7, "k", new byte[0]);

    private static RecordOutcome classify(RecordHandler work) {
        return RecordOutcome.classify("test-loop", LOG, RECORD, work);
    }

    @Test
    void workThatReturnsIsDone() {
        assertEquals(RecordOutcome.Kind.DONE, classify(record -> { }).kind());
    }

    @Test
    void anInvalidEventIsForTheDlqWithItsError() {
        InvalidEventException invalid = new InvalidEventException("symbol", "not a symbol");
        RecordOutcome outcome = classify(record -> {
            throw invalid;
        });
        assertEquals(RecordOutcome.Kind.DEAD_LETTER, outcome.kind());
        assertSame(invalid, outcome.error());
    }

    @Test
    void anyOtherExceptionIsRetried() {
        assertEquals(RecordOutcome.Kind.RETRY, classify(record -> {
            throw new IOException("lake unavailable");
        }).kind());
    }

    @Test
    void anInterruptIsRetriedAndKeptSet() {
        RecordOutcome outcome = classify(record -> {
            throw new InterruptedException();
        });
        assertTrue(Thread.interrupted(), "the interrupt is kept for the loop to see");
        assertEquals(RecordOutcome.Kind.RETRY, outcome.kind());
    }

    @Test
    void aWakeupAndAnErrorAreNotClassified() {
        assertThrows(WakeupException.class, () -> classify(record -> {
            throw new WakeupException();
        }));
        assertThrows(NoClassDefFoundError.class, () -> classify(record -> {
            throw new NoClassDefFoundError("org/example/Missing");
        }));
    }
}
