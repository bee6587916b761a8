package org.locness.events.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.locness.events.json.Payloads.assertRejected;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.EventSamples;
import org.locness.events.InvalidEventException;
import org.locness.events.job.JobRequested;

class JobRequestedCodecTest {
    private static final EventCodec<JobRequested> CODEC = EventCodec.of(JobRequested.class);

    @Test
    void kcatsBareSymbolIsAJob() {
        assertEquals(JobRequested.forSymbol(EventSamples.BTC), CODEC.parse("{\"symbol\":\"BTC\"}"));
    }

    @Test
    void everyOptionalFieldIsRead() {
        JobRequested job = CODEC.parse("{\"symbol\":\"BTC\",\"date\":\"2026-11-27\",\"jobId\":\"BTC-2026-11-27-001\","
                + "\"models\":[\"gemma-7b\",\"qwen-7b\"]}\n");
        assertEquals(EventSamples.jobRequested(), job);
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        assertEquals(JobRequested.forSymbol(EventSamples.BTC), CODEC.parse("{\"symbol\":\"BTC\",\"priority\":\"high\"}"));
    }

    @Test
    void anEmptyPayloadIsRejected() {
        InvalidEventException bytes = assertThrows(InvalidEventException.class, () -> CODEC.parse(new byte[0]));
        InvalidEventException text = assertThrows(InvalidEventException.class, () -> CODEC.parse(""));
        for (InvalidEventException e : List.of(bytes, text)) {
            assertEquals("$", e.field());
            assertEquals("empty payload: expected a JSON object", e.reason());
        }
    }

    @Test
    void aNullPayloadIsRejected() {
        assertThrows(InvalidEventException.class, () -> CODEC.parse((byte[]) null));
        assertRejected(JobRequested.class, "null", "$", "expected a JSON object, got null");
    }

    @Test
    void rejectionsNameTheFieldInTheExceptionMessage() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> CODEC.parse("{\"symbol\":\"btc\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("symbol: " + e.reason(), e.getMessage());
    }

    static Stream<Arguments> invalid() {
        String longId = "J".repeat(200);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"symbol\":\"BTC\"", "$", "malformed JSON"),
                Arguments.of("not JSON at all", "BTC", "$", "malformed JSON"),
                Arguments.of("an array, not an object", "[\"BTC\"]", "$", "has the wrong type: expected an object"),
                Arguments.of("missing symbol", "{}", "symbol", "is required"),
                Arguments.of("missing symbol, other fields present", "{\"date\":\"2026-11-27\"}", "symbol", "is required"),
                Arguments.of("null symbol", "{\"symbol\":null}", "symbol", "is required"),
                Arguments.of("number for symbol", "{\"symbol\":123}", "symbol", "has the wrong type: expected a string"),
                Arguments.of("boolean for symbol", "{\"symbol\":true}", "symbol", "has the wrong type: expected a string"),
                Arguments.of("object for symbol", "{\"symbol\":{\"v\":\"BTC\"}}", "symbol", "has the wrong type"),
                Arguments.of("path traversal symbol", "{\"symbol\":\"../etc\"}", "symbol", "'../etc' is not a symbol"),
                Arguments.of("lower-case symbol", "{\"symbol\":\"btc\"}", "symbol", "'btc' is not a symbol"),
                Arguments.of("empty symbol", "{\"symbol\":\"\"}", "symbol", "'' is not a symbol"),
                Arguments.of("'..' inside a symbol", "{\"symbol\":\"BTC..X\"}", "symbol", "must not contain '..'"),
                Arguments.of("33-character symbol", "{\"symbol\":\"" + "A".repeat(33) + "\"}", "symbol", "is not a symbol"),
                Arguments.of("200-character job id", "{\"symbol\":\"BTC\",\"jobId\":\"" + longId + "\"}", "jobId",
                        "'" + "J".repeat(37) + "...' is not a job id"),
                Arguments.of("job id with a slash", "{\"symbol\":\"BTC\",\"jobId\":\"a/b\"}", "jobId", "is not a job id"),
                Arguments.of("date that does not exist", "{\"symbol\":\"BTC\",\"date\":\"2026-02-30\"}", "date",
                        "'2026-02-30' does not exist in the calendar"),
                Arguments.of("date in another form", "{\"symbol\":\"BTC\",\"date\":\"27/11/2026\"}", "date",
                        "is not an ISO date (yyyy-MM-dd)"),
                Arguments.of("number for date", "{\"symbol\":\"BTC\",\"date\":20261127}", "date", "has the wrong type"),
                Arguments.of("duplicate models", "{\"symbol\":\"BTC\",\"models\":[\"gemma-7b\",\"gemma-7b\"]}", "models",
                        "contains duplicates"),
                Arguments.of("no models", "{\"symbol\":\"BTC\",\"models\":[]}", "models", "must not be empty"),
                Arguments.of("a model instead of a list", "{\"symbol\":\"BTC\",\"models\":\"gemma-7b\"}", "models",
                        "has the wrong type: expected an array"),
                Arguments.of("upper-case model", "{\"symbol\":\"BTC\",\"models\":[\"Gemma-7b\"]}", "models[0]",
                        "is not a model name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidRequestsAreRejectedNamingTheField(String name, String json, String field, String reason) {
        assertRejected(JobRequested.class, json, field, reason);
    }
}
