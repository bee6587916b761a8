package org.locness.aggregator.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.locness.events.json.EventJson;

/**
 * JSON for the aggregator's own store values, with the contract's mapper: the changelog stays
 * readable with kcat when an operator needs to see why a job is waiting.
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : EventJson.write(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return EventJson.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable " + type.getSimpleName() + " in " + topic, e);
            }
        };
    }
}
