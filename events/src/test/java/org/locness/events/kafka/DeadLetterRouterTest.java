package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;

class DeadLetterRouterTest {
    private static final byte[] VALUE = "{\"symbol\":\"../etc\"}".getBytes(StandardCharsets.UTF_8);

    private static ConsumerRecord<String, byte[]> source() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "4b1c".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("jobs.requested", 2, 41L, 1_764_230_400_000L, TimestampType.CREATE_TIME, 3,
                VALUE.length, "BTC", VALUE, headers, Optional.empty());
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse(null);
    }

    @Test
    void aRejectedRecordKeepsItsBytesKeyAndHeadersAndSaysWhy() {
        InvalidEventException error = new InvalidEventException("symbol", "'../etc' is not a symbol");
        ProducerRecord<String, byte[]> dead = DeadLetterRouter.deadLetter(source(), error);

        assertEquals("jobs.requested.dlq", dead.topic());
        assertNull(dead.partition(), "the DLQ's own partitioner decides");
        assertEquals("BTC", dead.key());
        assertSame(VALUE, dead.value());
        assertEquals("4b1c", header(dead, CloudEventHeaders.ID));
        assertEquals("org.locness.events.InvalidEventException", header(dead, DeadLetterRouter.ERROR_CLASS));
        assertEquals("symbol: '../etc' is not a symbol", header(dead, DeadLetterRouter.REASON));
        assertEquals("symbol", header(dead, DeadLetterRouter.FIELD));
        assertEquals("jobs.requested", header(dead, DeadLetterRouter.SOURCE_TOPIC));
        assertEquals("2", header(dead, DeadLetterRouter.SOURCE_PARTITION));
        assertEquals("41", header(dead, DeadLetterRouter.SOURCE_OFFSET));
    }

    @Test
    void otherErrorsHaveNoFieldAndFallBackToTheirClassName() {
        ProducerRecord<String, byte[]> dead = DeadLetterRouter.deadLetter(source(), new IllegalStateException());
        assertEquals("java.lang.IllegalStateException", header(dead, DeadLetterRouter.ERROR_CLASS));
        assertEquals("IllegalStateException", header(dead, DeadLetterRouter.REASON));
        assertNull(header(dead, DeadLetterRouter.FIELD));
    }

    @Test
    void theDlqOfATopicIsItsNamePlusDotDlq() {
        assertEquals("lake.object-events.dlq", DeadLetterRouter.dlqOf("lake.object-events"));
    }

    @Test
    void routeReturnsOnlyOnceTheBrokerHasTheRecord() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        DeadLetterRouter router = new DeadLetterRouter(producer);
        CompletableFuture<Void> routed = CompletableFuture.runAsync(
                () -> router.route(source(), new InvalidEventException("symbol", "bad")));

        Await.until("the DLQ record is sent", () -> producer.history().size() == 1);
        assertFalse(routed.isDone(), "route() must wait for the acknowledgement");
        assertTrue(producer.completeNext());
        routed.get(15, TimeUnit.SECONDS);
        assertEquals("jobs.requested.dlq", producer.history().get(0).topic());
    }

    @Test
    void aFailedDlqWriteIsReported() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        DeadLetterRouter router = new DeadLetterRouter(producer);
        CompletableFuture<Void> routed = CompletableFuture.runAsync(
                () -> router.route(source(), new InvalidEventException("symbol", "bad")));

        Await.until("the DLQ record is sent", () -> producer.history().size() == 1);
        assertTrue(producer.errorNext(new TimeoutException("broker down")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> routed.get(15, TimeUnit.SECONDS));
        assertEquals("could not write to jobs.requested.dlq", e.getCause().getMessage());
    }
}
