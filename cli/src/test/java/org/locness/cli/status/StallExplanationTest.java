package org.locness.cli.status;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StallExplanationTest {
    private static final PendingStep STEP = new PendingStep("inference-qwen-7b", "inference of qwen-7b on vm2",
            new RecordPosition("jobs.ready", 2, 41));

    @Test
    void aGroupWithoutMembersIsADownLoop() {
        String text = StallExplanation.explain(STEP, new GroupProgress("inference-qwen-7b", "EMPTY", 0, OptionalLong.of(41)));

        assertTrue(text.contains("no live consumer in group inference-qwen-7b (state EMPTY)"), text);
        assertTrue(text.contains("loop inference-qwen-7b, input jobs.ready-2@41"), text);
    }

    @Test
    void anOffsetAtTheJobsRecordMeansItIsBeingRetried() {
        String text = StallExplanation.explain(STEP, new GroupProgress("inference-qwen-7b", "STABLE", 1, OptionalLong.of(41)));

        assertTrue(text.contains("retrying it after a failure"), text);
    }

    @Test
    void anOffsetBeforeTheJobMeansItIsQueued() {
        String text = StallExplanation.explain(STEP, new GroupProgress("inference-qwen-7b", "STABLE", 1, OptionalLong.of(30)));

        assertTrue(text.contains("queued: the loop is 11 record(s) behind this job on jobs.ready-2 (committed 30)"), text);
    }

    @Test
    void anOffsetPastTheJobWithoutOutputPointsAtTheDlq() {
        String text = StallExplanation.explain(STEP, new GroupProgress("inference-qwen-7b", "STABLE", 1, OptionalLong.of(50)));

        assertTrue(text.contains("committed past this record (at 50)"), text);
    }

    @Test
    void aLiveGroupThatCommittedNothingIsStartingOrFailingFirst() {
        String text = StallExplanation.explain(STEP, new GroupProgress("inference-qwen-7b", "STABLE", 2, OptionalLong.empty()));

        assertTrue(text.contains("has 2 member(s) but has committed nothing on jobs.ready-2"), text);
    }
}
