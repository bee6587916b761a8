package org.locness.ingest.intake;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a job request came from. A re-delivered record has the same coordinates (topic, partition,
 * offset, and the timestamp its producer or the broker gave it), so this identifies one request
 * across crashes and retries. The timestamp guards against offsets reused after a topic is recreated.
 */
public record RequestSource(String topic, int partition, long offset, long timestamp) {
    /**
     * The header that ties a {@code jobs.ready} record to its request ({@code jobs.requested/0/42}); a
     * DLQ record carries the same coordinates in its {@code dlq_source_*} headers.
     */
    public static final String HEADER = "locness_request";

    private static final Pattern LEDGER_NAME = Pattern.compile("^(.+)-(\\d+)-(\\d+)-(-?\\d+)\\.json$");

    public static RequestSource of(ConsumerRecord<?, ?> record) {
        return new RequestSource(record.topic(), record.partition(), record.offset(), record.timestamp());
    }

    /** {@code jobs.requested/0/42}: the value of {@link #HEADER}. */
    public String reference() {
        return reference(topic, partition, offset);
    }

    public static String reference(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    /** {@code jobs.requested-0-42-1764374400000.json}: the name of this request's ledger entry. */
    public String ledgerName() {
        return topic + "-" + partition + "-" + offset + "-" + timestamp + ".json";
    }

    public static Optional<RequestSource> parseLedgerName(String name) {
        Matcher m = LEDGER_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RequestSource(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
