package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
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

    /** A value as large as a broker with default limits accepts (message.max.bytes 1048588, less framing). */
    private static ConsumerRecord<String, byte[]> atTheBrokersLimit() {
        byte[] value = new byte[1_048_480];
        new Random(7).nextBytes(value);
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "4b1c".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("jobs.requested", 0, 9L, 1_764_230_400_000L, TimestampType.CREATE_TIME, 3,
                value.length, "big", value, headers, Optional.empty());
    }

    private static int serializedUpperBound(ProducerRecord<String, byte[]> record) {
        int size = 64 + record.key().length() + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += 10 + header.key().length() + header.value().length;
        }
        return size;
    }

    @Test
    void aValueTooLargeToCarryWithTheHeadersIsTruncatedAndTheHeadersSaySo() throws Exception {
        ConsumerRecord<String, byte[]> big = atTheBrokersLimit();
        ProducerRecord<String, byte[]> dead = DeadLetterRouter.deadLetter(big, new InvalidEventException(null, "malformed JSON"));

        assertTrue(serializedUpperBound(dead) <= KafkaSettings.MAX_REQUEST_BYTES - 1024,
                "fits the producer's request size with room to spare: " + serializedUpperBound(dead));
        assertTrue(dead.value().length > 1_000_000, "as much of the value as fits is kept");
        assertArrayEquals(Arrays.copyOf(big.value(), dead.value().length), dead.value(), "the value's first bytes");
        assertEquals("true", header(dead, DeadLetterRouter.VALUE_TRUNCATED));
        assertEquals("1048480", header(dead, DeadLetterRouter.ORIGINAL_SIZE));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big.value())),
                header(dead, DeadLetterRouter.ORIGINAL_SHA256));
        assertEquals("4b1c", header(dead, CloudEventHeaders.ID), "the original headers are kept");
        assertEquals("9", header(dead, DeadLetterRouter.SOURCE_OFFSET));
    }

    @Test
    void aValueThatFitsIsNotTruncated() {
        ProducerRecord<String, byte[]> dead = DeadLetterRouter.deadLetter(source(), new IllegalStateException());
        assertNull(header(dead, DeadLetterRouter.VALUE_TRUNCATED));
        assertNull(header(dead, DeadLetterRouter.ORIGINAL_SIZE));
    }

    @Test
    void aDlqRecordTheBrokerStillRefusesAsTooLargeIsSentWithoutItsValue() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            private boolean refused;

            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<String, byte[]> record) {
                if (!refused) {
                    refused = true;
                    return CompletableFuture.failedFuture(new RecordTooLargeException("the request is too large"));
                }
                return super.send(record);
            }
        };
        new DeadLetterRouter(producer).route(source(), new InvalidEventException("symbol", "bad"));

        ProducerRecord<String, byte[]> dead = producer.history().get(0);
        assertEquals(1, producer.history().size());
        assertNull(dead.value());
        assertEquals("the request is too large", header(dead, DeadLetterRouter.VALUE_DROPPED));
        assertEquals(Integer.toString(VALUE.length), header(dead, DeadLetterRouter.ORIGINAL_SIZE));
        assertEquals("symbol", header(dead, DeadLetterRouter.FIELD));
        assertEquals("41", header(dead, DeadLetterRouter.SOURCE_OFFSET));
        assertNull(header(dead, CloudEventHeaders.ID), "the original headers may be what is too large");
    }

    @Test
    void aHugeReasonIsCut() {
        String reason = DeadLetterRouter.reasonOf(new IllegalStateException("x".repeat(100_000)));
        assertTrue(reason.length() <= DeadLetterRouter.MAX_REASON_CHARS + 1, "length " + reason.length());
    }
}
