package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.locness.events.Event;
import org.locness.events.EventSamples;
import org.locness.events.json.EventCodec;

class EventPublisherTest {
    @Test
    void eachEventGoesToItsTopicUnderItsKeyWithHeaders() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(producer, "ingest",
                Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC));
        List<Event> events = List.of(EventSamples.jobRequested(), EventSamples.jobReady(), EventSamples.consensusComplete(),
                EventSamples.patternsUnified());
        events.forEach(publisher::publish);

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals(List.of("jobs.requested", "jobs.ready", "predictions.consensus", "patterns.unified"),
                sent.stream().map(ProducerRecord::topic).toList());
        assertEquals(List.of("BTC", "BTC-2026-11-27-001", "BTC", "2026-11-27"), sent.stream().map(ProducerRecord::key).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i), EventCodec.of(events.get(i).getClass()).parse(sent.get(i).value()));
            assertEquals(Optional.of("ingest"), CloudEventHeaders.read(sent.get(i).headers(), CloudEventHeaders.SOURCE));
        }
    }
}
