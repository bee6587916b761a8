package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.id.ObjectKey;

class RequestSourceTest {

    @Test
    void ledgerNameRoundTripsAndIsAValidKeySegment() {
        RequestSource source = new RequestSource("jobs.requested", 2, 1234, 1_764_374_400_000L);
        assertEquals("jobs.requested-2-1234-1764374400000.json", source.ledgerName());
        assertEquals(Optional.of(source), RequestSource.parseLedgerName(source.ledgerName()));
        ObjectKey.of("daily-archived/2026-11-29/BTC/.jobs/BTC-2026-11-29-001/" + source.ledgerName());
    }

    @Test
    void aRecordWithoutTimestampStillRoundTrips() {
        RequestSource source = new RequestSource("jobs.requested", 0, 7, -1);
        assertEquals(Optional.of(source), RequestSource.parseLedgerName(source.ledgerName()));
    }

    @Test
    void otherNamesAreNotLedgerEntries() {
        assertEquals(Optional.empty(), RequestSource.parseLedgerName("bars.parquet"));
        assertEquals(Optional.empty(), RequestSource.parseLedgerName("jobs.requested-0-7.json"));
        assertEquals(Optional.empty(), RequestSource.parseLedgerName("jobs.requested-99999999999-7-1.json"));
    }

    @Test
    void referenceIsTopicPartitionOffset() {
        assertEquals("jobs.requested/2/1234", new RequestSource("jobs.requested", 2, 1234, 5).reference());
    }
}
