package org.locness.ingest.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.s3.S3EventKind;
import org.locness.events.s3.S3ObjectEvent;

class ObjectEventClassifierTest {
    private final ObjectEventClassifier classifier = new ObjectEventClassifier("lake");

    private static S3ObjectEvent event(S3EventKind kind, String bucket, String key) {
        return new S3ObjectEvent(kind.eventName(), kind, bucket, key, 10, "etag", Instant.EPOCH, "1");
    }

    @Test
    void aNewObjectUnderASymbolsPreSweptFolderTriggersThatSymbol() {
        for (S3EventKind kind : new S3EventKind[] {S3EventKind.PUT, S3EventKind.POST, S3EventKind.COPY,
                S3EventKind.COMPLETE_MULTIPART_UPLOAD}) {
            ObjectEventClassifier.Classified c = classifier.classify(event(kind, "lake", "pre-swept/BTC/bars-1.parquet"));
            assertTrue(c.triggers(), kind.name());
            assertEquals(Symbol.of("BTC"), c.symbol());
        }
        assertEquals(Symbol.of("BRK.B"),
                classifier.classify(event(S3EventKind.PUT, "lake", "pre-swept/BRK.B/2026/11/29.parquet")).symbol());
    }

    @Test
    void deletesOtherPrefixesOtherBucketsAndFolderlessKeysAreIgnored() {
        assertFalse(classifier.classify(event(S3EventKind.DELETE, "lake", "pre-swept/BTC/a.parquet")).triggers());
        assertFalse(classifier.classify(event(S3EventKind.OTHER, "lake", "pre-swept/BTC/a.parquet")).triggers());
        assertFalse(classifier.classify(event(S3EventKind.PUT, "lake", "market-data/BTC/2026-11-29.parquet")).triggers());
        assertFalse(classifier.classify(event(S3EventKind.COPY, "lake", "daily-archived/2026-11-29/BTC/a.parquet")).triggers());
        assertFalse(classifier.classify(event(S3EventKind.PUT, "other", "pre-swept/BTC/a.parquet")).triggers());
        assertFalse(classifier.classify(event(S3EventKind.PUT, "lake", "pre-swept/BTC")).triggers());
        assertFalse(classifier.classify(event(S3EventKind.PUT, "lake", "pre-swept/BTC/")).triggers());
    }

    @Test
    void aPreSweptFolderThatIsNotASymbolIsRejected() {
        InvalidEventException lower = assertThrows(InvalidEventException.class,
                () -> classifier.classify(event(S3EventKind.PUT, "lake", "pre-swept/btc/a.parquet")));
        assertEquals("key", lower.field());
        assertTrue(lower.reason().contains("'btc' is not a symbol"), lower.reason());
        assertThrows(InvalidEventException.class,
                () -> classifier.classify(event(S3EventKind.PUT, "lake", "pre-swept/../etc/passwd")));
    }

    @Test
    void aPreSweptKeyThatCouldNeverBeMovedIsRejected() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> classifier.classify(event(S3EventKind.PUT, "lake", "pre-swept/BTC/bars 1.parquet")));
        assertTrue(e.reason().contains("is not a lake object key"), e.reason());
    }
}
