package org.locness.ingest.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.ensemble.Ensemble;
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

/** Pre-job prep's edges on a real lake: what counts as input, and what it does when input is wrong. */
@EmbeddedStackTest
class PreJobPrepIT {
    private static final TradingDate DAY = TradingDate.of("2026-03-10");
    private static final Ensemble ENSEMBLE = TestEnsembles.production();

    @TempDir
    static Path work;
    private static Lake lake;
    private static PreJobPrep prep;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        prep = new PreJobPrep(lake, ENSEMBLE);
    }

    private static JobReady plan(Symbol symbol) {
        return prep.plan(JobId.derive(symbol, DAY, 1), symbol, DAY, ENSEMBLE.models(), Instant.EPOCH);
    }

    @Test
    void movingTwiceConvergesAndPlanningChangesNothing() {
        Symbol symbol = Symbol.of("TWICE");
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(symbol, "a.parquet"), symbol, DAY);

        JobReady job = plan(symbol);
        assertTrue(lake.exists(LakeKeys.preSwept(symbol, "a.parquet")), "planning moves nothing");
        prep.moveInputs(job);
        prep.moveInputs(job);

        assertEquals(List.of(), LakeFixtures.keys(lake, LakeKeys.preSweptPrefix(symbol)));
        assertEquals(List.of("daily-archived/2026-03-10/TWICE/a.parquet"),
                LakeFixtures.keys(lake, LakeKeys.dailyArchivedPrefix(DAY, symbol)));
    }

    @Test
    void aPreSweptObjectInTheLedgersFolderIsNotInput() {
        Symbol symbol = Symbol.of("LEDG");
        ObjectKey reserved = ObjectKey.of("pre-swept/LEDG/.jobs/x.parquet");
        LakeFixtures.putBars(lake, work, reserved, symbol, DAY);
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(symbol, "ok.parquet"), symbol, DAY);

        JobReady job = plan(symbol);
        prep.moveInputs(job);

        assertEquals(List.of(ObjectKey.of("daily-archived/2026-03-10/LEDG/ok.parquet")), job.inputKeys());
        assertTrue(lake.exists(reserved), "left in place");
    }

    @Test
    void aPlannedInputThatVanishedFromBothPlacesRejectsTheJob() {
        Symbol symbol = Symbol.of("GONE");
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(symbol, "a.parquet"), symbol, DAY);
        JobReady job = plan(symbol);
        lake.delete(LakeKeys.preSwept(symbol, "a.parquet"));

        NoInputException e = assertThrows(NoInputException.class, () -> prep.moveInputs(job));
        assertTrue(e.reason().startsWith("no-input: GONE-2026-03-10-001's input pre-swept/GONE/a.parquet is gone"),
                e.reason());
    }

    @Test
    void anObjectNoLocnessKeyCouldNameIsLeftAloneAndTheJobHasNoInput(EmbeddedStack stack) throws Exception {
        byte[] body = "bars".getBytes(StandardCharsets.UTF_8);
        LakeFixtures.client(stack).putObject(PutObjectArgs.builder().bucket("lake").object("pre-swept/SPACE/bars 1.parquet")
                .stream(new ByteArrayInputStream(body), body.length, -1).build());

        NoInputException e = assertThrows(NoInputException.class, () -> plan(Symbol.of("SPACE")));
        assertTrue(e.reason().startsWith("no-input: nothing under pre-swept/SPACE/"), e.reason());
        LakeFixtures.client(stack).statObject(StatObjectArgs.builder().bucket("lake")
                .object("pre-swept/SPACE/bars 1.parquet").build());
    }

    @Test
    void withNeitherPreSweptObjectsNorMarketDataThereIsNoInput() {
        NoInputException e = assertThrows(NoInputException.class, () -> plan(Symbol.of("EMPTY")));
        assertEquals("input", e.field());
        assertEquals("no-input: nothing under pre-swept/EMPTY/ and no market-data/EMPTY/<date>.parquet on or before"
                + " 2026-03-10", e.reason());
    }

    @Test
    void marketDataFromAfterTheJobsDayIsNeverInput() {
        Symbol symbol = Symbol.of("LATER");
        LakeFixtures.putBars(lake, work, LakeKeys.marketData(symbol, DAY.plusDays(1)), symbol, DAY.plusDays(1));
        assertThrows(NoInputException.class, () -> plan(symbol));
    }
}
