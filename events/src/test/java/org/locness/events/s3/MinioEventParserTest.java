package org.locness.events.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.InvalidEventException;
import org.locness.events.json.EventJson;

class MinioEventParserTest {
    private static S3ObjectEvent only(String fixture) {
        List<S3ObjectEvent> events = MinioEventParser.parse(MinioFixtures.read(fixture));
        assertEquals(1, events.size());
        return events.get(0);
    }

    @Test
    void aPutIsReadWithItsKeyDecoded() {
        assertEquals(new S3ObjectEvent("s3:ObjectCreated:Put", S3EventKind.PUT, "lake", "pre-swept/BTC/bars 1.parquet", 48213,
                "9b2cf535f27731c974343645a3985328", Instant.parse("2026-11-27T08:15:02.123Z"), "187C0B4D6C4E1B07"),
                only("put.json"));
    }

    @ParameterizedTest
    @MethodSource("org.locness.events.s3.MinioFixtures#names")
    void minioWritesTheDecodedBucketAndKeyBesideTheRecord(String fixture) throws IOException {
        JsonNode root = EventJson.mapper().readTree(MinioFixtures.read(fixture));
        List<S3ObjectEvent> events = MinioEventParser.parse(MinioFixtures.read(fixture));
        if (root.has("Key")) {
            S3ObjectEvent event = events.get(0);
            assertEquals(root.get("Key").asText(), MinioEventFormat.recordKey(event.bucket(), event.key()));
            assertEquals(root.get("EventName").asText(), event.eventName());
        }
    }

    @Test
    void aCompletedMultipartUploadIsACreation() {
        S3ObjectEvent event = only("multipart.json");
        assertEquals(S3EventKind.COMPLETE_MULTIPART_UPLOAD, event.kind());
        assertTrue(event.kind().created());
        assertEquals("market-data/ETH/2026-11-27.parquet", event.key());
        assertEquals(20_971_520, event.size());
        assertEquals("3c7d5f1be2a44ad89b1c2e0f9a6d7e81-3", event.eTag());
    }

    @Test
    void aCopyIsACreationAtTheDestination() {
        S3ObjectEvent event = only("copy.json");
        assertEquals(S3EventKind.COPY, event.kind());
        assertTrue(event.kind().created());
        assertEquals("daily-archived/2026-11-27/BTC/bars 1.parquet", event.key());
    }

    @Test
    void aDeleteHasNoSizeOrETag() {
        S3ObjectEvent event = only("delete.json");
        assertEquals(S3EventKind.DELETE, event.kind());
        assertTrue(event.kind().removed());
        assertFalse(event.kind().created());
        assertEquals("pre-swept/BTC/bars 1.parquet", event.key());
        assertEquals(0, event.size());
        assertNull(event.eTag());
    }

    @Test
    void severalRecordsInOneMessageAreReadInOrder() {
        List<S3ObjectEvent> events = MinioEventParser.parse(MinioFixtures.read("several-records.json"));
        assertEquals(List.of("gold/predictions/date=2026-11-27/symbol=BRK.B/BRK.B-2026-11-27-001.parquet",
                "staging/results/BRK.B-2026-11-27-001/gemma-7b.parquet", "models/gemma-7b/tokenizer.json"),
                events.stream().map(S3ObjectEvent::key).toList());
        assertEquals(List.of(S3EventKind.PUT, S3EventKind.DELETE_MARKER_CREATED, S3EventKind.OTHER),
                events.stream().map(S3ObjectEvent::kind).toList());
        assertTrue(events.get(1).kind().removed());
        assertFalse(events.get(2).kind().created() || events.get(2).kind().removed());
        assertEquals("s3:ObjectAccessed:Get", events.get(2).eventName());
    }

    @Test
    void plusIsASpaceAndAnEncodedPlusIsAPlus() {
        assertEquals("pre-swept/BTC/a b+c.parquet", MinioEventParser.parse(record("pre-swept%2FBTC%2Fa+b%2Bc.parquet"))
                .get(0).key());
    }

    private static byte[] record(String encodedKey) {
        return ("{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"lake\"},"
                + "\"object\":{\"key\":\"" + encodedKey + "\"}}}]}").getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> invalid() {
        String put = "{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"lake\"},\"object\":{\"key\":\"a\"}}}";
        return Stream.of(
                Arguments.of("empty payload", "", "$", "empty payload"),
                Arguments.of("malformed JSON", "{\"Records\":[", "$", "malformed JSON"),
                Arguments.of("an array", "[]", "$", "expected a JSON object"),
                Arguments.of("no Records", "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"lake/a\"}", "Records",
                        "is required and must be a non-empty array"),
                Arguments.of("empty Records", "{\"Records\":[]}", "Records", "is required and must be a non-empty array"),
                Arguments.of("record without s3", "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\"}]}", "Records[0].s3",
                        "is required and must be an object"),
                Arguments.of("record without an event name", "{\"Records\":[{\"s3\":{}}]}", "Records[0].eventName",
                        "is required and must be a non-empty string"),
                Arguments.of("bucket without a name", "{\"Records\":[{\"eventName\":\"x\",\"s3\":{\"bucket\":{},"
                        + "\"object\":{\"key\":\"a\"}}}]}", "Records[0].s3.bucket.name", "is required"),
                Arguments.of("empty key", new String(record(""), StandardCharsets.UTF_8), "Records[0].s3.object.key",
                        "is required"),
                Arguments.of("broken percent-encoding", new String(record("a%zzb"), StandardCharsets.UTF_8),
                        "Records[0].s3.object.key", "is not URL-encoded correctly"),
                Arguments.of("size as text", "{\"Records\":[{\"eventName\":\"x\",\"s3\":{\"bucket\":{\"name\":\"lake\"},"
                        + "\"object\":{\"key\":\"a\",\"size\":\"big\"}}}]}", "Records[0].s3.object.size",
                        "has the wrong type: expected a number"),
                Arguments.of("eventTime not a time", "{\"Records\":[{\"eventName\":\"x\",\"eventTime\":\"yesterday\","
                        + "\"s3\":{\"bucket\":{\"name\":\"lake\"},\"object\":{\"key\":\"a\"}}}]}", "Records[0].eventTime",
                        "is not an ISO-8601 instant"),
                Arguments.of("second record broken", "{\"Records\":[" + put + ",{\"eventName\":\"x\"}]}", "Records[1].s3",
                        "is required and must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidNotificationsAreRejectedNamingTheField(String name, String json, String field, String reason) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> MinioEventParser.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(field, e.field(), e::getMessage);
        assertTrue(e.reason().contains(reason), e::getMessage);
    }
}
