package org.locness.events.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.locness.events.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that cannot be processed to {@code <topic>.dlq}: the original key, bytes and
 * headers, plus why it was rejected and where it came from, so an operator can fix and replay it.
 * A DLQ record always fits in one producer request: a value too large to carry with the headers is
 * truncated, and the headers give its original size and SHA-256. Should the broker still refuse the
 * record as too large, a value-less one saying why takes its place: a record that cannot be
 * dead-lettered must never block the records after it.
 */
public final class DeadLetterRouter {
    public static final String SUFFIX = ".dlq";
    public static final String ERROR_CLASS = "dlq_error_class";
    public static final String REASON = "dlq_reason";
    public static final String FIELD = "dlq_field";
    public static final String SOURCE_TOPIC = "dlq_source_topic";
    public static final String SOURCE_PARTITION = "dlq_source_partition";
    public static final String SOURCE_OFFSET = "dlq_source_offset";
    /** "true" when the DLQ record carries only the first bytes of the original value. */
    public static final String VALUE_TRUNCATED = "dlq_value_truncated";
    /** Why the DLQ record carries no value (nor the original headers) at all. */
    public static final String VALUE_DROPPED = "dlq_value_dropped";
    public static final String ORIGINAL_SIZE = "dlq_original_size";
    public static final String ORIGINAL_SHA256 = "dlq_original_sha256";

    /**
     * Room kept free of key, value and headers in a request: the batch and record framing (under
     * 100 bytes) with wide headroom, so the bound also holds under a topic's max.message.bytes of
     * the broker default (1 MiB + 12 bytes) when the producer's max.request.size is 1 MiB.
     */
    static final int FRAMING_HEADROOM = 8 * 1024;
    /** A reason is for a person to read; an error message that quotes a huge input is cut. */
    static final int MAX_REASON_CHARS = 2_000;
    /** Per field of a record (key, value, each header name and value): a varint length, at most 5 bytes. */
    private static final int FIELD_OVERHEAD = 5;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

    private final Producer<String, byte[]> producer;
    private final int maxRequestBytes;

    /** For a producer made from {@link KafkaSettings#producer}, whose max.request.size is {@link KafkaSettings#MAX_REQUEST_BYTES}. */
    public DeadLetterRouter(Producer<String, byte[]> producer) {
        this(producer, KafkaSettings.MAX_REQUEST_BYTES);
    }

    public DeadLetterRouter(Producer<String, byte[]> producer, int maxRequestBytes) {
        this.producer = producer;
        this.maxRequestBytes = maxRequestBytes;
    }

    public static String dlqOf(String topic) {
        return topic + SUFFIX;
    }

    /** The DLQ record for a producer of {@link KafkaSettings#producer}; see {@link #deadLetter(ConsumerRecord, Throwable, int)}. */
    public static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, Throwable error) {
        return deadLetter(source, error, KafkaSettings.MAX_REQUEST_BYTES);
    }

    /**
     * Builds the DLQ record, sized to fit a request of {@code maxRequestBytes}; exposed so a
     * transactional caller can send it inside its transaction.
     */
    public static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> source, Throwable error,
            int maxRequestBytes) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(dlqOf(source.topic()), null, source.key(), null);
        for (Header header : source.headers()) {
            record.headers().add(header);
        }
        addProvenance(record, source, error);
        byte[] value = source.value();
        int budget = maxRequestBytes - FRAMING_HEADROOM;
        if (value != null && sizeOf(record) + FIELD_OVERHEAD + value.length > budget) {
            add(record, VALUE_TRUNCATED, "true");
            addOriginal(record, value);
            int room = Math.max(0, budget - sizeOf(record) - FIELD_OVERHEAD);
            value = Arrays.copyOf(value, Math.min(room, value.length));
        }
        return withValue(record, value);
    }

    /** The last resort: the provenance and why, with neither the value nor the original headers. */
    public static ProducerRecord<String, byte[]> valueless(ConsumerRecord<String, byte[]> source, Throwable error,
            Throwable whyDropped) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(dlqOf(source.topic()), null, source.key(), null);
        addProvenance(record, source, error);
        add(record, VALUE_DROPPED, reasonOf(whyDropped));
        if (source.value() != null) {
            addOriginal(record, source.value());
        }
        return record;
    }

    public static String reasonOf(Throwable error) {
        String message = error.getMessage();
        String reason = message == null ? error.getClass().getSimpleName() : message;
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…";
    }

    /** Returns once the DLQ record is durable, so the source offset may be committed. */
    public void route(ConsumerRecord<String, byte[]> source, Throwable error) {
        try {
            send(source, deadLetter(source, error, maxRequestBytes));
        } catch (RecordTooLargeException tooLarge) {
            LOG.error("{}-{}@{} does not fit in {} even truncated (root cause: {}); dead-lettering it without its value",
                    source.topic(), source.partition(), source.offset(), dlqOf(source.topic()), tooLarge.toString());
            send(source, valueless(source, error, tooLarge));
        }
    }

    private void send(ConsumerRecord<String, byte[]> source, ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + dlqOf(source.topic()), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw tooLarge;
            }
            throw new IllegalStateException("could not write to " + dlqOf(source.topic()), e.getCause());
        }
    }

    private static void addProvenance(ProducerRecord<String, byte[]> record, ConsumerRecord<String, byte[]> source,
            Throwable error) {
        add(record, ERROR_CLASS, error.getClass().getName());
        add(record, REASON, reasonOf(error));
        if (error instanceof InvalidEventException invalid && invalid.field() != null) {
            add(record, FIELD, invalid.field());
        }
        add(record, SOURCE_TOPIC, source.topic());
        add(record, SOURCE_PARTITION, Integer.toString(source.partition()));
        add(record, SOURCE_OFFSET, Long.toString(source.offset()));
    }

    private static void addOriginal(ProducerRecord<String, byte[]> record, byte[] value) {
        add(record, ORIGINAL_SIZE, Integer.toString(value.length));
        add(record, ORIGINAL_SHA256, sha256(value));
    }

    private static ProducerRecord<String, byte[]> withValue(ProducerRecord<String, byte[]> record, byte[] value) {
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), value,
                record.headers());
    }

    /** An upper bound of the key's and headers' serialized size. */
    private static int sizeOf(ProducerRecord<String, byte[]> record) {
        int size = FIELD_OVERHEAD + (record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length);
        Headers headers = record.headers();
        for (Header header : headers) {
            size += 2 * FIELD_OVERHEAD + header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
