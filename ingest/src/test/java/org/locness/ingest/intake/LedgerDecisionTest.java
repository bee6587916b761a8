package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.testing.TestEnsembles;

class LedgerDecisionTest {
    private static final Symbol BTC = Symbol.of("BTC");
    private static final Symbol ETH = Symbol.of("ETH");
    private static final TradingDate DAY = TradingDate.of("2026-11-29");
    private static final Ensemble ENSEMBLE = TestEnsembles.production();
    private static final Instant REQUESTED_AT = Instant.parse("2026-11-29T09:00:00Z");

    private static RequestSource source(long offset) {
        return new RequestSource("jobs.requested", 1, offset, 1_764_374_400_000L + offset);
    }

    private static LedgerEntry entry(String jobId, long offset) {
        RequestSource source = source(offset);
        return new LedgerEntry(JobLedger.entryKey(JobId.of(jobId), source, BTC, DAY), JobId.of(jobId), source);
    }

    private static LedgerDecision decide(List<LedgerEntry> ledger, long offset, String explicit) {
        return decide(ledger, Map.of(), request(BTC, DAY, explicit, ENSEMBLE.models()), offset);
    }

    private static LedgerDecision decide(List<LedgerEntry> ledger, Map<JobId, List<JobClaim>> claims,
            ResolvedRequest request, long offset) {
        return LedgerDecision.decide(ledger, id -> claims.getOrDefault(id, List.of()), source(offset), request);
    }

    private static ResolvedRequest request(Symbol symbol, TradingDate date, String explicit, List<ModelSpec> models) {
        return new ResolvedRequest(symbol, date, explicit == null ? null : JobId.of(explicit), models, REQUESTED_AT);
    }

    /** {@code jobId} claimed by the request at {@code offset} for that symbol, day and models. */
    private static Map<JobId, List<JobClaim>> claimed(String jobId, long offset, Symbol symbol, TradingDate date,
            List<ModelSpec> models) {
        JobReady job = new JobReady(JobId.of(jobId), symbol, date, List.of(LakeKeys.marketData(symbol, date)), null, false,
                null, ENSEMBLE.expected(models), REQUESTED_AT);
        return Map.of(job.jobId(), List.of(new JobClaim(JobLedger.claimKey(job.jobId(), source(offset), symbol, date),
                source(offset), job)));
    }

    @Test
    void anExplicitIdClaimedForAnotherSymbolDayOrModelsIsAConflictNamingThatJob() {
        Map<JobId, List<JobClaim>> claims = claimed("dup-1", 3, BTC, DAY, ENSEMBLE.models());
        JobClaim existing = claims.get(JobId.of("dup-1")).get(0);

        LedgerDecision otherSymbol = decide(List.of(), claims, request(ETH, DAY, "dup-1", ENSEMBLE.models()), 9);
        LedgerDecision otherDay = decide(List.of(), claims, request(BTC, DAY.plusDays(1), "dup-1", ENSEMBLE.models()), 9);
        LedgerDecision otherModels = decide(List.of(), claims, request(BTC, DAY, "dup-1", ENSEMBLE.models().subList(0, 2)), 9);

        assertEquals(new LedgerDecision.Conflict(JobId.of("dup-1"), existing, false), otherSymbol);
        assertEquals(new LedgerDecision.Conflict(JobId.of("dup-1"), existing, false), otherDay);
        assertEquals(new LedgerDecision.Conflict(JobId.of("dup-1"), existing, true), otherModels);
        assertEquals("'dup-1' is already the job for BTC on 2026-11-29 (requested as jobs.requested/1/3); a job id names"
                + " one job: choose another", ((LedgerDecision.Conflict) otherSymbol).reason());
        assertTrue(((LedgerDecision.Conflict) otherModels).reason().startsWith(
                "'dup-1' is already the job for BTC on 2026-11-29 with models [gemma-7b, mistral-7b"),
                ((LedgerDecision.Conflict) otherModels).reason());
    }

    @Test
    void anExplicitIdClaimedForTheSameSymbolDayAndModelsIsADuplicateWhateverTheModelsOrder() {
        List<ModelSpec> reversed = new ArrayList<>(ENSEMBLE.models());
        Collections.reverse(reversed);
        Map<JobId, List<JobClaim>> claims = claimed("dup-1", 3, BTC, DAY, ENSEMBLE.models());
        assertEquals(new LedgerDecision.Duplicate(JobId.of("dup-1"), source(3)),
                decide(List.of(), claims, request(BTC, DAY, "dup-1", reversed), 9));
    }

    @Test
    void aRequestThatDiedBetweenItsClaimAndItsDayEntryRecoversItsClaim() {
        Map<JobId, List<JobClaim>> explicit = claimed("dup-1", 3, BTC, DAY, ENSEMBLE.models());
        assertEquals(new LedgerDecision.Recover(explicit.get(JobId.of("dup-1")).get(0)),
                decide(List.of(), explicit, request(BTC, DAY, "dup-1", ENSEMBLE.models()), 3));

        Map<JobId, List<JobClaim>> derived = claimed("BTC-2026-11-29-001", 3, BTC, DAY, ENSEMBLE.models());
        assertEquals(new LedgerDecision.Recover(derived.get(JobId.of("BTC-2026-11-29-001")).get(0)),
                decide(List.of(), derived, request(BTC, DAY, null, ENSEMBLE.models()), 3));
    }

    @Test
    void aDerivedIdSkipsIdsAlreadyClaimedByAnotherRequest() {
        // An explicit request for ETH took the id BTC's first job of the day would have had.
        Map<JobId, List<JobClaim>> claims = claimed("BTC-2026-11-29-001", 3, ETH, DAY, ENSEMBLE.models());
        assertEquals(new LedgerDecision.Start(JobId.of("BTC-2026-11-29-002")),
                decide(List.of(), claims, request(BTC, DAY, null, ENSEMBLE.models()), 9));
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
