package org.locness.events.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.locness.events.InvalidEventException;

/** Builds invalid payloads from valid samples and checks how the codec rejects them. */
final class Payloads {
    private Payloads() {
    }

    /** The sample's JSON with one change, e.g. {@code edit(sample, n -> n.put("symbol", 123))}. */
    static String edit(Object sample, Consumer<ObjectNode> change) {
        ObjectNode node = EventJson.mapper().valueToTree(sample);
        change.accept(node);
        return EventJson.write(node);
    }

    /** Sets a value below the root, e.g. {@code at(n, "/timings").put("promptTokens", -1)}. */
    static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    static void assertRejected(Class<?> type, String json, String field, String reason) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventCodec.of(type).parse(json),
                () -> "accepted " + json);
        assertEquals(field, e.field(), () -> "field of: " + e.getMessage());
        assertTrue(e.reason().contains(reason), () -> "reason '" + e.reason() + "' lacks '" + reason + "'");
    }
}
