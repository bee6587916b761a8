package org.locness.cli.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;

/** One DLQ record as {@link DeadLetterRouter} wrote it: the original, plus its {@code dlq_*} provenance. */
public record DeadLetter(ConsumerRecord<String, byte[]> record) {
    /** Every header the router adds starts with this; the original's own headers do not. */
    static final String PROVENANCE_PREFIX = "dlq_";

    public String coordinates() {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    public Instant time() {
        return Instant.ofEpochMilli(record.timestamp());
    }

    public Optional<String> header(String name) {
        return CloudEventHeaders.read(record.headers(), name);
    }

    public String reason() {
        return header(DeadLetterRouter.REASON).orElse("");
    }

    /** {@code topic/partition/offset} of the record that was dead-lettered, or "?" without provenance. */
    public String source() {
        return header(DeadLetterRouter.SOURCE_TOPIC).orElse("?") + "/"
                + header(DeadLetterRouter.SOURCE_PARTITION).orElse("?") + "/"
                + header(DeadLetterRouter.SOURCE_OFFSET).orElse("?");
    }

    public boolean truncated() {
        return "true".equals(header(DeadLetterRouter.VALUE_TRUNCATED).orElse(null));
    }

    public Optional<String> dropped() {
        return header(DeadLetterRouter.VALUE_DROPPED);
    }

    public int size() {
        return record.value() == null ? 0 : record.value().length;
    }

    public String valueText() {
        return record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    }

    /** The original record's headers: all but the router's provenance (and an earlier replay's marker). */
    public List<Header> originalHeaders() {
        List<Header> original = new ArrayList<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(PROVENANCE_PREFIX)) {
                original.add(header);
            }
        }
        return original;
    }

    /** Why this record cannot be re-published as it was, if it cannot. */
    public Optional<String> notReplayable() {
        if (dropped().isPresent()) {
            return Optional.of("the DLQ record carries no value (" + DeadLetterRouter.VALUE_DROPPED + ": "
                    + dropped().get() + ")" + original());
        }
        if (truncated()) {
            return Optional.of("the value is truncated to " + size() + " bytes" + original());
        }
        if (record.value() == null) {
            return Optional.of("the record has no value");
        }
        return Optional.empty();
    }

    private String original() {
        return "; the original was " + header(DeadLetterRouter.ORIGINAL_SIZE).orElse("?") + " bytes, sha256 "
                + header(DeadLetterRouter.ORIGINAL_SHA256).orElse("?") + ": re-publish it by hand";
    }
}
