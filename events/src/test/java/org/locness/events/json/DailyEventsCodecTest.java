package org.locness.events.json;

import static org.locness.events.json.Payloads.assertRejected;
import static org.locness.events.json.Payloads.edit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.EventSamples;
import org.locness.events.context.DailyContextReady;
import org.locness.events.pattern.PatternsUnified;

/** The two per-day events: patterns.unified and context.daily-ready. */
class DailyEventsCodecTest {
    private static Arguments patterns(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(PatternsUnified.class, name, edit(EventSamples.patternsUnified(), change), field, reason);
    }

    private static Arguments context(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(DailyContextReady.class, name, edit(EventSamples.dailyContextReady(), change), field, reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                patterns("negative version", n -> n.put("version", -1), "version", "must not be negative, was -1"),
                patterns("missing key", n -> n.remove("key"), "key", "is required"),
                patterns("'..' in the key", n -> n.put("key", "patterns/../models/x.parquet"), "key", "'..' path segment"),
                patterns("number for date", n -> n.put("date", 20261127), "date", "has the wrong type: expected a string"),
                patterns("date that does not exist", n -> n.put("date", "2026-02-30"), "date", "does not exist"),
                patterns("rows as text", n -> n.put("rows", "12"), "rows", "has the wrong type: expected a number"),
                context("negative bytes", n -> n.put("bytes", -5), "bytes", "must not be negative, was -5"),
                context("empty segment in the key", n -> n.put("key", "daily-prepared//2026-11-27.parquet"), "key",
                        "has an empty, '.' or '..' path segment"),
                context("missing date", n -> n.remove("date"), "date", "is required"),
                context("fractional rows", n -> n.put("rows", 1.5), "rows", "has the wrong type: expected a number"),
                context("skipped as text", n -> n.put("skipped", "XRP"), "skipped", "has the wrong type: expected an array"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void invalidDailyEventsAreRejectedNamingTheField(Class<?> type, String name, String json, String field, String reason) {
        assertRejected(type, json, field, reason);
    }
}
