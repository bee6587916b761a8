package org.locness.events.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.locness.events.json.EventJson;

class MinioEventFormatTest {
    private static final Instant TIME = Instant.parse("2026-11-27T08:15:02.123Z");
    private static final String KEY = "pre-swept/BTC/bars 1.parquet";

    private static byte[] notification(S3EventKind kind, String key, Instant time) {
        return MinioEventFormat.notification(kind, "lake", key, 48213, "9b2cf535f27731c974343645a3985328",
                "application/vnd.apache.parquet", time, "187C0B4D6C4E1B07", "http://127.0.0.1:9000");
    }

    @ParameterizedTest
    @EnumSource(value = S3EventKind.class, names = "OTHER", mode = EnumSource.Mode.EXCLUDE)
    void theParserReadsBackWhatTheFormatWrites(S3EventKind kind) {
        S3ObjectEvent expected = kind.created()
                ? new S3ObjectEvent(kind.eventName(), kind, "lake", KEY, 48213, "9b2cf535f27731c974343645a3985328", TIME,
                        "187C0B4D6C4E1B07")
                : new S3ObjectEvent(kind.eventName(), kind, "lake", KEY, 0, null, TIME, "187C0B4D6C4E1B07");
        assertEquals(List.of(expected), MinioEventParser.parse(notification(kind, KEY, TIME)));
    }

    @Test
    void theKeyIsEncodedLikeGosQueryEscapeAndTheEnvelopeCarriesItDecoded() throws IOException {
        JsonNode root = EventJson.mapper().readTree(notification(S3EventKind.PUT,
                "gold/predictions/date=2026-11-27/symbol=BTC/bars 1.parquet", TIME));
        assertEquals("gold%2Fpredictions%2Fdate%3D2026-11-27%2Fsymbol%3DBTC%2Fbars+1.parquet",
                root.at("/Records/0/s3/object/key").asText());
        assertEquals("lake/gold/predictions/date=2026-11-27/symbol=BTC/bars 1.parquet", root.get("Key").asText());
        assertEquals("s3:ObjectCreated:Put", root.get("EventName").asText());
        assertEquals("lake/pre-swept/BTC/a.parquet", MinioEventFormat.recordKey("lake", "pre-swept/BTC/a.parquet"));
    }

    @Test
    void theRecordHasMiniosFields() throws IOException {
        JsonNode record = EventJson.mapper().readTree(notification(S3EventKind.PUT, KEY, TIME)).at("/Records/0");
        assertEquals("2.0", record.get("eventVersion").asText());
        assertEquals("minio:s3", record.get("eventSource").asText());
        assertEquals("arn:aws:s3:::lake", record.at("/s3/bucket/arn").asText());
        assertEquals("1.0", record.at("/s3/s3SchemaVersion").asText());
        assertEquals("Config", record.at("/s3/configurationId").asText());
        assertEquals("application/vnd.apache.parquet", record.at("/s3/object/contentType").asText());
        assertEquals("http://127.0.0.1:9000", record.at("/responseElements/x-minio-origin-endpoint").asText());
    }

    @Test
    void eventTimeIsWrittenWithMillisecondsAsMinioDoes() throws IOException {
        JsonNode whole = EventJson.mapper().readTree(notification(S3EventKind.PUT, KEY, Instant.parse("2026-11-27T08:15:02Z")));
        assertEquals("2026-11-27T08:15:02.000Z", whole.at("/Records/0/eventTime").asText());
        JsonNode fine = EventJson.mapper().readTree(notification(S3EventKind.PUT, KEY,
                Instant.parse("2026-11-27T08:15:02.123456789Z")));
        assertEquals("2026-11-27T08:15:02.123Z", fine.at("/Records/0/eventTime").asText());
    }
}
