package org.locness.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.Timings;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;

class JobTraceTest {
    private static final JobId JOB = JobId.of("BTC-2026-11-27-001");
    private static final Symbol BTC = Symbol.of("BTC");
    private static final TradingDate DAY = TradingDate.of("2026-11-27");
    private static final List<ExpectedModel> MODELS = List.of(
            new ExpectedModel(ModelName.of("gemma-7b"), NodeName.of("vm1"), 1.5),
            new ExpectedModel(ModelName.of("qwen-7b"), NodeName.of("vm2"), 1.4));

    private static final RecordPosition READY_AT = new RecordPosition("jobs.ready", 2, 41);

    private static JobReady ready() {
        return new JobReady(JOB, BTC, DAY, List.of(ObjectKey.of("daily-archived/2026-11-27/BTC/bars.parquet")), null,
                false, null, MODELS, Instant.parse("2026-11-27T06:00:00Z"));
    }

    @Test
    void unknownJobIsReportedAsNotFound() {
        JobTrace trace = new JobTrace(JOB);

        assertFalse(trace.found());
        assertEquals("not found on jobs.ready", trace.stage());
    }

    @Test
    void namesTheModelsStillPendingAndFailures() {
        // Given a ready job where one model failed and the other has not reported
        JobTrace trace = new JobTrace(JOB);
        trace.ready(ready(), READY_AT);
        trace.completed(InferenceCompleted.failed(JOB, BTC, DAY, ModelName.of("gemma-7b"), NodeName.of("vm1"),
                "model file corrupt", Timings.none(), MODELS), new RecordPosition("inference.completed", 0, 7));

        // When it is rendered
        String report = trace.render();

        // Then the stage names the missing model and the failure shows its reason
        assertEquals("waiting for inference: qwen-7b@vm2", trace.stage());
        assertTrue(report.contains("FAILED: model file corrupt"), report);
        assertTrue(report.contains("qwen-7b            vm2   pending"), report);
    }

    @Test
    void aPendingModelIsOwedByItsInferenceGroupAtTheReadyRecord() {
        // Given a ready job that one model has answered and the other has not
        JobTrace trace = new JobTrace(JOB);
        trace.ready(ready(), READY_AT);
        // (gemma-7b, at home on vm1, ran on vm2 while vm1 was down: its outputs are on vm2's disk)
        trace.completed(InferenceCompleted.failed(JOB, BTC, DAY, ModelName.of("gemma-7b"), NodeName.of("vm2"),
                "model file corrupt", Timings.none(), MODELS), new RecordPosition("inference.completed", 1, 3));

        // When the pending steps are asked for
        List<PendingStep> steps = trace.pendingSteps();

        // Then the silent model's group owes the ready record, and the answered one awaits the sweeper of its disk
        assertEquals(List.of(
                new PendingStep("sweeper-vm2", "staging of gemma-7b by the sweeper of vm2",
                        new RecordPosition("inference.completed", 1, 3)),
                new PendingStep("inference-qwen-7b", "inference of qwen-7b on vm2", READY_AT)), steps);
    }

    @Test
    void aRequestNotYetReadyIsOwedByIntake() {
        JobTrace trace = new JobTrace(JOB);
        RecordPosition request = new RecordPosition("jobs.requested", 0, 5);
        trace.requested(request, Instant.parse("2026-11-27T06:00:00Z"), "{\"symbol\":\"BTC\"}");

        assertEquals(List.of(new PendingStep("ingest-jobs", "intake to jobs.ready", request)), trace.pendingSteps());
    }

    @Test
    void publishedConsensusEndsTheTrace() {
        JobTrace trace = new JobTrace(JOB);
        trace.ready(ready(), READY_AT);
        trace.completed(InferenceCompleted.succeeded(JOB, BTC, DAY, ModelName.of("qwen-7b"), NodeName.of("vm2"),
                "/data/local/o.parquet", "/data/local/p.parquet",
                Map.of("up", 0.6, "down", 0.3, "flat", 0.1), "trend=up|vol=low|volume=normal|gap=none",
                new Timings(120, 15, 40), MODELS), new RecordPosition("inference.completed", 0, 8));
        trace.consensus(new ConsensusPrediction(JOB, BTC, DAY, ConsensusStatus.PARTIAL, true, "up",
                Map.of("up", 0.6, "down", 0.3, "flat", 0.1), 0.6, 1.0, 0.9, List.of(ModelName.of("qwen-7b")),
                List.of(ModelName.of("gemma-7b")), List.of(), null, Instant.parse("2026-11-27T06:10:00Z"), null));

        assertEquals("consensus published (PARTIAL)", trace.stage());
        assertTrue(trace.pendingSteps().isEmpty());
        String report = trace.render();
        assertTrue(report.contains("up p=[down 0.30 flat 0.10 up 0.60], 120 tokens, 15 ms inference"), report);
        assertTrue(report.contains("missing [gemma-7b]"), report);
    }

    @Test
    void aReadyJobWithoutOutcomeNamesTheMarketDataItWaitsFor() {
        JobTrace trace = new JobTrace(JOB, OutcomeDefinition.DEFAULT);
        trace.ready(ready(), READY_AT);

        assertTrue(trace.render().contains("  outcome:   pending: market-data/BTC/2026-11-28.parquet not in the lake yet"),
                trace.render());
    }

    @Test
    void aMissingDayIsNamedAndARealizedOutcomeShowsReturnLabelAndThreshold() {
        JobTrace trace = new JobTrace(JOB, OutcomeDefinition.DEFAULT);
        trace.ready(ready(), READY_AT);
        trace.outcome(new OutcomeRealized(JOB, BTC, DAY, TradingDate.of("2026-11-28"), OutcomeStatus.MISSING_DATA, null,
                null, null, null, null, null, null, List.of(TradingDate.of("2026-11-28")),
                Instant.parse("2026-11-30T06:00:00Z")));
        assertTrue(trace.render().contains("  outcome:   MISSING_DATA (2026-11-27 -> 2026-11-28): "
                + "market-data/BTC/2026-11-28.parquet not in the lake while a later day is"), trace.render());

        trace.outcome(new OutcomeRealized(JOB, BTC, DAY, TradingDate.of("2026-11-28"), OutcomeStatus.REALIZED, 100.0,
                102.0, 0.02, "up", 0.01, 20, 0.0025, List.of(), Instant.parse("2026-11-30T07:00:00Z")));
        assertTrue(trace.render().contains("  outcome:   up, return +2.0000% (close 2026-11-27 -> 2026-11-28 100.0000 -> "
                + "102.0000), flat below +/-0.2500% (volatility 1.0000% over 20 daily returns)\n"), trace.render());
    }

    @Test
    void anOutcomeAloneIsAFoundJob() {
        JobTrace trace = new JobTrace(JOB);
        trace.outcome(new OutcomeRealized(JOB, BTC, DAY, TradingDate.of("2026-11-28"),
                OutcomeStatus.INSUFFICIENT_HISTORY, 100.0, 102.0, null, null, null, 3, null, List.of(),
                Instant.parse("2026-11-30T07:00:00Z")));

        assertTrue(trace.found());
        assertTrue(trace.render().contains("INSUFFICIENT_HISTORY (2026-11-27 -> 2026-11-28): only 3 daily returns"),
                trace.render());
    }
}
