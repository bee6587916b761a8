package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.locness.events.EventSamples;

class CloudEventHeadersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void producersAddTheCloudEventsAttributes() {
        Headers headers = new RecordHeaders();
        CloudEventHeaders.add(headers, EventSamples.jobRequested(), "locness-cli", CLOCK);

        UUID.fromString(CloudEventHeaders.read(headers, CloudEventHeaders.ID).orElseThrow());
        assertEquals(Optional.of("org.locness.jobs.requested"), CloudEventHeaders.read(headers, CloudEventHeaders.TYPE));
        assertEquals(Optional.of("locness-cli"), CloudEventHeaders.read(headers, CloudEventHeaders.SOURCE));
        assertEquals(Optional.of("2026-11-27T08:00:00Z"), CloudEventHeaders.read(headers, CloudEventHeaders.TIME));
        assertEquals(Optional.of("1.0"), CloudEventHeaders.read(headers, CloudEventHeaders.SPEC_VERSION));
    }

    @Test
    void theTypeNamesTheTopic() {
        Headers headers = new RecordHeaders();
        CloudEventHeaders.add(headers, EventSamples.consensusPartial(), "aggregator", CLOCK);
        assertEquals(Optional.of("org.locness.predictions.consensus"), CloudEventHeaders.read(headers, CloudEventHeaders.TYPE));
    }

    @Test
    void addingAgainReplacesRatherThanDuplicates() {
        Headers headers = new RecordHeaders();
        CloudEventHeaders.add(headers, EventSamples.jobRequested(), "ingest", CLOCK);
        String firstId = CloudEventHeaders.read(headers, CloudEventHeaders.ID).orElseThrow();
        headers.add("trace", new byte[] {1});
        CloudEventHeaders.add(headers, EventSamples.jobReady(), "ingest", CLOCK);

        for (String name : new String[] {CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TIME, CloudEventHeaders.SPEC_VERSION}) {
            assertEquals(1, StreamSupport.stream(headers.headers(name).spliterator(), false).count(), name);
        }
        assertNotEquals(firstId, CloudEventHeaders.read(headers, CloudEventHeaders.ID).orElseThrow());
        assertEquals(Optional.of("org.locness.jobs.ready"), CloudEventHeaders.read(headers, CloudEventHeaders.TYPE));
        assertNotNull(headers.lastHeader("trace"), "other headers are kept");
    }

    @Test
    void consumersDoNotNeedThem() {
        Headers bare = new RecordHeaders();
        assertEquals(Optional.empty(), CloudEventHeaders.read(bare, CloudEventHeaders.ID));
        bare.add(CloudEventHeaders.SOURCE, null);
        assertEquals(Optional.empty(), CloudEventHeaders.read(bare, CloudEventHeaders.SOURCE));
    }
}
