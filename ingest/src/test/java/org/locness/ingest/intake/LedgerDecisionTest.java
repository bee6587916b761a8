package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

class LedgerDecisionTest {
    private static final Symbol BTC = Symbol.of("BTC");
    private static final TradingDate DAY = TradingDate.of("2026-11-29");

    private static RequestSource source(long offset) {
        return new RequestSource("jobs.requested", 1, offset, 1_764_374_400_000L + offset);
    }

    private static LedgerEntry entry(String jobId, long offset) {
        RequestSource source = source(offset);
        return new LedgerEntry(JobLedger.entryKey(JobId.of(jobId), source, BTC, DAY), JobId.of(jobId), source);
    }

    private static LedgerDecision decide(List<LedgerEntry> ledger, long offset, String explicit) {
        return LedgerDecision.decide(ledger, source(offset), BTC, DAY, explicit == null ? null : JobId.of(explicit));
    }

    @Test
    void theFirstDerivedJobOfTheDayIsSequenceOne() {
        assertEquals(new LedgerDecision.Start(JobId.of("BTC-2026-11-29-001")), decide(List.of(), 7, null));
    }

    @Test
    void aDerivedJobFollowsTheHighestSequenceNotTheCount() {
        List<LedgerEntry> ledger = List.of(entry("BTC-2026-11-29-001", 1), entry("BTC-2026-11-29-005", 2),
                entry("mine", 3), entry("ETH-2026-11-29-009", 4));
        assertEquals(new LedgerDecision.Start(JobId.of("BTC-2026-11-29-006")), decide(ledger, 8, null));
    }

    @Test
    void aReDeliveredRequestResumesItsOwnEntryWhateverCameAfterIt() {
        LedgerEntry mine = entry("BTC-2026-11-29-002", 5);
        List<LedgerEntry> ledger = List.of(entry("BTC-2026-11-29-001", 4), mine, entry("BTC-2026-11-29-003", 6));
        assertEquals(new LedgerDecision.Resume(mine), decide(ledger, 5, null));
    }

    @Test
    void theSameOffsetWithAnotherTimestampIsAnotherRequest() {
        RequestSource recreatedTopic = new RequestSource("jobs.requested", 1, 5, 42);
        LedgerEntry older = new LedgerEntry(JobLedger.entryKey(JobId.of("BTC-2026-11-29-001"), recreatedTopic, BTC, DAY),
                JobId.of("BTC-2026-11-29-001"), recreatedTopic);
        assertEquals(new LedgerDecision.Start(JobId.of("BTC-2026-11-29-002")), decide(List.of(older), 5, null));
    }

    @Test
    void anExplicitIdSeenBeforeFromAnotherRequestIsADuplicate() {
        List<LedgerEntry> ledger = List.of(entry("mine", 3));
        assertEquals(new LedgerDecision.Duplicate(JobId.of("mine"), source(3)), decide(ledger, 9, "mine"));
        assertEquals(new LedgerDecision.Start(JobId.of("other")), decide(ledger, 9, "other"));
        assertEquals(new LedgerDecision.Resume(ledger.get(0)), decide(ledger, 3, "mine"));
    }

    @Test
    void theThousandthJobOfADayIsRejected() {
        List<LedgerEntry> ledger = new ArrayList<>();
        ledger.add(entry("BTC-2026-11-29-999", 1));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> decide(ledger, 2, null));
        assertEquals("sequence", e.field());
    }

    @Test
    void derivedSequenceReadsOnlyThisSymbolAndDay() {
        assertEquals(OptionalInt.of(12), LedgerDecision.derivedSequence(JobId.of("BTC-2026-11-29-012"), BTC, DAY));
        assertEquals(OptionalInt.empty(), LedgerDecision.derivedSequence(JobId.of("BTC-2026-11-28-012"), BTC, DAY));
        assertEquals(OptionalInt.empty(), LedgerDecision.derivedSequence(JobId.of("BTC-2026-11-29-12"), BTC, DAY));
        assertEquals(OptionalInt.empty(), LedgerDecision.derivedSequence(JobId.of("BTC-2026-11-29-0012"), BTC, DAY));
    }
}
