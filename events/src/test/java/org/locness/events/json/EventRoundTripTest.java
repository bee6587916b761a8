package org.locness.events.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.Event;
import org.locness.events.EventSamples;

class EventRoundTripTest {
    static Stream<Event> samples() {
        return EventSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void parsingWhatTheSerializerWroteGivesTheSameEvent(Event event) {
        assertEquals(event, roundTrip(event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theTextFormAndTheByteFormAgree(Event event) {
        EventCodec<Event> codec = codecOf(event);
        assertEquals(codec.toJson(event), new String(codec.serialize(event), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static EventCodec<Event> codecOf(Event event) {
        return (EventCodec<Event>) EventCodec.of(event.getClass());
    }

    private static Event roundTrip(Event event) {
        EventCodec<Event> codec = codecOf(event);
        return codec.parse(codec.serialize(event));
    }
}
