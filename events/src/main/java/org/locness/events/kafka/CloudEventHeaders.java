package org.locness.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.locness.events.Event;

/**
 * CloudEvents binary-mode headers ({@code ce_id, ce_type, ce_source, ce_time, ce_specversion}).
 * Producers always add them; consumers read them when present and never require them, so a bare
 * kcat message is a valid event.
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";

    private CloudEventHeaders() {
    }

    public static void add(Headers headers, Event event, String source, Clock clock) {
        put(headers, ID, UUID.randomUUID().toString());
        put(headers, TYPE, event.ceType());
        put(headers, SOURCE, source);
        put(headers, TIME, clock.instant().toString());
        put(headers, SPEC_VERSION, "1.0");
    }

    public static Optional<String> read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
