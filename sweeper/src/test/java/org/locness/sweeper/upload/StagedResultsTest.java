package org.locness.sweeper.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.lake.LakeKeys;
import org.locness.events.result.ResultStaged;
import org.locness.sweeper.Fixtures;
import org.locness.sweeper.upload.PairUpload.FileOutcome;

class StagedResultsTest {
    private static final JobId JOB = JobId.of("ETH-2026-11-27-002");
    private static final NodeName VM2 = NodeName.of("vm2");
    private static final OutputPair PAIR = new OutputPair(JOB, Fixtures.GEMMA,
            Path.of("/data/local/output_gemma-7b_ETH-2026-11-27-002.parquet"),
            Path.of("/data/local/patterns_new_gemma-7b_ETH-2026-11-27-002.parquet"));

    @Test
    void aStagedPairCarriesTheModelsReportAndItsKeys() {
        InferenceCompleted event = Fixtures.succeeded(PAIR, VM2);

        ResultStaged result = StagedResults.of(event, PAIR, new PairUpload(FileOutcome.UPLOADED, FileOutcome.ALREADY_STAGED));

        assertEquals(new ResultStaged(JOB, Fixtures.BTC, Fixtures.DATE, Fixtures.GEMMA, VM2, ModelStatus.SUCCEEDED, null,
                LakeKeys.stagedResult(JOB, Fixtures.GEMMA), LakeKeys.stagedPatterns(JOB, Fixtures.GEMMA),
                Fixtures.PROBABILITIES, Fixtures.SIGNATURE, Fixtures.TIMINGS, Fixtures.expected(VM2)), result);
    }

    @Test
    void aLostFileMakesItAStagedFailure() {
        InferenceCompleted event = Fixtures.succeeded(PAIR, VM2);
        for (PairUpload upload : new PairUpload[] {new PairUpload(FileOutcome.LOST, FileOutcome.LOST),
                new PairUpload(FileOutcome.UPLOADED, FileOutcome.LOST), new PairUpload(FileOutcome.LOST, FileOutcome.ALREADY_STAGED)}) {

            ResultStaged result = StagedResults.of(event, PAIR, upload);

            assertEquals(ModelStatus.FAILED, result.status());
            assertEquals("lost-output", result.reason());
            assertNull(result.probabilities());
            assertNull(result.resultKey());
            assertEquals(Fixtures.expected(VM2), result.expectedModels());
            assertEquals(Fixtures.TIMINGS, result.timings());
        }
    }

    @Test
    void aFailedModelIsForwardedWithItsReason() {
        InferenceCompleted event = Fixtures.failed(JOB, Fixtures.MISTRAL, VM2, "prompt longer than the context");

        ResultStaged result = StagedResults.forwarded(event);

        assertEquals(new ResultStaged(JOB, Fixtures.BTC, Fixtures.DATE, Fixtures.MISTRAL, VM2, ModelStatus.FAILED,
                "prompt longer than the context", null, null, null, null, Fixtures.TIMINGS, Fixtures.expected(VM2)), result);
    }

    @Test
    void statusesAreNotMixedUp() {
        InferenceCompleted failed = Fixtures.failed(JOB, Fixtures.MISTRAL, VM2, "out of memory");

        assertThrows(IllegalArgumentException.class, () -> StagedResults.staged(failed, PAIR));
        assertThrows(IllegalArgumentException.class, () -> StagedResults.forwarded(Fixtures.succeeded(PAIR, VM2)));
    }
}
