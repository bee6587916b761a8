package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.lake.LakeKeys;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.ingest.testing.TestEnsembles;
import org.locness.lake.s3.Lake;
import org.locness.testing.EmbeddedStackTest;

/** The job ledger's entries in a real lake. */
@EmbeddedStackTest
class JobLedgerIT {
    private static final TradingDate DAY = TradingDate.of("2026-03-10");
    private static Lake lake;
    private static JobLedger ledger;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        ledger = new JobLedger(lake);
    }

    private static JobReady job(Symbol symbol, String jobId) {
        return new JobReady(JobId.of(jobId), symbol, DAY, List.of(LakeKeys.marketData(symbol, DAY)), null, false, null,
                TestEnsembles.production().expected(TestEnsembles.production().models()),
                Instant.parse("2026-03-10T09:00:00Z"));
    }

    @Test
    void anEntryIsFoundByItsKeyAndReadsBackAsTheJob() {
        Symbol symbol = Symbol.of("LEDGER");
        RequestSource source = new RequestSource("jobs.requested", 2, 40, 1_773_133_200_000L);
        JobReady job = job(symbol, "LEDGER-2026-03-10-001");

        LedgerEntry written = ledger.write(job, source);

        assertEquals(ObjectKey.of("daily-archived/2026-03-10/LEDGER/.jobs/LEDGER-2026-03-10-001/"
                + "jobs.requested-2-40-1773133200000.json"), written.key());
        assertEquals(List.of(written), ledger.entries(symbol, DAY));
        assertEquals(job, ledger.read(written));
        assertEquals(List.of(), ledger.entries(symbol, DAY.plusDays(1)));
    }

    @Test
    void writingAnEntryClaimsItsJobIdWhateverTheSymbolAndDayOfWhoAsks() {
        Symbol symbol = Symbol.of("CLAIM");
        RequestSource source = new RequestSource("jobs.requested", 1, 12, 1_773_133_200_000L);
        JobReady job = job(symbol, "claimed-1");
        assertEquals(List.of(), ledger.claims(job.jobId()));

        ledger.write(job, source);

        ObjectKey key = ObjectKey.of("jobs/claimed-1/2026-03-10/CLAIM/jobs.requested-1-12-1773133200000.json");
        assertEquals(List.of(new JobClaim(key, source, job)), ledger.claims(job.jobId()));
        assertEquals(List.of(), ledger.claims(JobId.of("claimed-10")), "a claim is found by its whole id");
    }

    @Test
    void foreignObjectsInTheLedgerFolderAreIgnored() {
        Symbol symbol = Symbol.of("STRAY");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        lake.put(ObjectKey.of(JobLedger.prefix(symbol, DAY) + "notes.txt"), new ByteArrayInputStream(body), body.length);
        lake.put(ObjectKey.of(JobLedger.prefix(symbol, DAY) + "x/y/z.json"), new ByteArrayInputStream(body), body.length);
        LedgerEntry real = ledger.write(job(symbol, "real"), new RequestSource("jobs.requested", 0, 1, 2));

        assertEquals(List.of(real), ledger.entries(symbol, DAY));
    }

    @Test
    void aDamagedEntryRejectsItsRequestSayingWhy() {
        Symbol symbol = Symbol.of("DAMAGED");
        RequestSource source = new RequestSource("jobs.requested", 0, 9, 9);
        ObjectKey key = JobLedger.entryKey(JobId.of("broken"), source, symbol, DAY);
        byte[] body = "{\"jobId\":".getBytes(StandardCharsets.UTF_8);
        lake.put(key, new ByteArrayInputStream(body), body.length);

        LedgerEntry entry = ledger.entries(symbol, DAY).get(0);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> ledger.read(entry));
        assertEquals("ledger", e.field());
        assertTrue(e.reason().startsWith("entry " + key + " is unreadable"), e.reason());
    }
}
