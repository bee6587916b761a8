package org.locness.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.intake.JobLedger;
import org.locness.ingest.testing.CrashingMinioClient.When;
import org.locness.ingest.testing.CrashingMinioClient;
import org.locness.ingest.testing.IngestHarness;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.lake.s3.Lake;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/**
 * Ingest dies in the middle of a MOVE, or after it but before publishing; a restarted ingest
 * (same instance name) finishes the job. Downstream sees exactly one {@code jobs.ready} record, and
 * every input ends up in exactly one place.
 */
@EmbeddedStackTest
class CrashRecoveryIT {
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TradingDate DAY = TradingDate.of("2026-03-10");

    @TempDir
    static Path work;

    @Test
    void aCrashAfterTheCopyBeforeTheDeleteEndsInOneJobWithEachObjectInOnePlace(EmbeddedStack stack) throws Exception {
        Symbol symbol = Symbol.of("CRA");
        Lake lake = crash(stack, symbol, When.BEFORE_DELETE);

        // The crash left b twice: copied into the archive, not yet deleted from pre-swept/.
        assertTrue(lake.exists(archived(symbol, "b.parquet")));
        assertTrue(lake.exists(LakeKeys.preSwept(symbol, "b.parquet")));

        recover(stack, lake, symbol);
    }

    @Test
    void aCrashAfterTheMoveBeforeThePublishEndsInOneJob(EmbeddedStack stack) throws Exception {
        Symbol symbol = Symbol.of("CRB");
        Lake lake = crash(stack, symbol, When.AFTER_DELETE);

        // Both inputs are archived and pre-swept/ is empty: only the ledger knows they are this job's input.
        assertEquals(List.of(), LakeFixtures.keys(lake, LakeKeys.preSweptPrefix(symbol)));
        assertTrue(lake.exists(archived(symbol, "b.parquet")));

        recover(stack, lake, symbol);
    }

    private static ObjectKey archived(Symbol symbol, String name) {
        return LakeKeys.dailyArchived(DAY, symbol, LakeKeys.preSwept(symbol, name));
    }

    private static Map<String, String> environment(EmbeddedStack stack) {
        return IngestHarness.environment(stack, false, "PT5S");
    }

    /** Two pre-swept inputs; ingest crashes at the second one's delete while handling the request. */
    private static Lake crash(EmbeddedStack stack, Symbol symbol, When when) throws Exception {
        Lake lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        for (String name : List.of("a.parquet", "b.parquet")) {
            LakeFixtures.putBars(lake, work, LakeKeys.preSwept(symbol, name), symbol, DAY);
        }
        Lake crashing = LakeFixtures.lake(stack, new CrashingMinioClient(LakeFixtures.client(stack),
                LakeKeys.preSweptPrefix(symbol), when, 2));
        try (IngestHarness.Started ingest = IngestHarness.start(environment(stack), crashing)) {
            IngestHarness.produce(stack, Topic.JOBS_REQUESTED.topicName(), symbol.value(),
                    "{\"symbol\":\"" + symbol + "\",\"date\":\"" + DAY + "\"}");
            Optional<Throwable> stopped = assertTimeoutPreemptively(WAIT, () -> ingest.service().awaitStop());
            assertTrue(stopped.orElseThrow() instanceof CrashingMinioClient.SimulatedCrash, stopped.toString());
            assertEquals(stopped, ingest.service().failure());
        }
        assertTrue(lake.exists(archived(symbol, "a.parquet")), "the first input was moved before the crash");
        assertFalse(lake.exists(LakeKeys.preSwept(symbol, "a.parquet")));
        assertEquals(List.of(), jobsOf(stack, symbol, false), "nothing was published before the crash");
        return lake;
    }

    private static void recover(EmbeddedStack stack, Lake lake, Symbol symbol) throws Exception {
        IngestHarness.Started recovered = IngestHarness.start(environment(stack), lake);
        try (IngestHarness.Started ingest = recovered) {
            List<JobReady> jobs = jobsOf(stack, symbol, true);
            assertEquals(1, jobs.size());
            JobReady job = jobs.get(0);
            assertEquals(JobId.derive(symbol, DAY, 1), job.jobId());
            assertEquals(List.of(archived(symbol, "a.parquet"), archived(symbol, "b.parquet")), job.inputKeys());

            Await.until("the restarted ingest to commit", WAIT, () -> ingest.count("locness_ingest_jobs_ready") == 1);
            assertEquals(1, jobsOf(stack, symbol, false).size(), "still exactly one after the commit");
            assertEquals(List.of(), LakeFixtures.keys(lake, LakeKeys.preSweptPrefix(symbol)));
            assertTrue(lake.exists(archived(symbol, "a.parquet")));
            assertTrue(lake.exists(archived(symbol, "b.parquet")));
            assertEquals(1, new JobLedger(lake).entries(symbol, DAY).size());
            assertTrue(ingest.service().failure().isEmpty());
        }
        assertEquals(Optional.empty(), recovered.service().awaitStop(), "closed, not failed");
    }

    /** The committed jobs.ready records of {@code symbol}; waits for the first one when asked to. */
    private static List<JobReady> jobsOf(EmbeddedStack stack, Symbol symbol, boolean awaitOne) {
        return TopicReader.read(stack.kafkaSettings(), Topic.JOBS_READY.topicName(), WAIT,
                r -> r.key().startsWith(symbol.value() + "-"), r -> !awaitOne || !r.isEmpty())
                .stream().map(r -> READY.parse(r.value())).toList();
    }
}
