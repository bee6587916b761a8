package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locness.inference.model.InferenceException;
import org.locness.inference.model.PromptTooLongException;

class ModelFailureTest {
    @Test
    void errorsOfAForwardPassAreClassified() {
        assertEquals(FailureKind.OUT_OF_MEMORY, ModelFailure.ofInference(new OutOfMemoryError("Java heap space")).kind());
        assertEquals(FailureKind.OUT_OF_MEMORY, ModelFailure.ofInference(new InferenceException(
                "model m failed on 900 tokens: [enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough"
                        + " memory: you tried to allocate 123 bytes")).kind());
        assertEquals(FailureKind.PROMPT_TOO_LONG, ModelFailure.ofInference(new PromptTooLongException("m", 600, 512)).kind());
        assertEquals(FailureKind.INFERENCE_ERROR, ModelFailure.ofInference(new InferenceException("shape mismatch")).kind());
        assertEquals(FailureKind.INFERENCE_ERROR, ModelFailure.ofInference(new IllegalStateException("closed")).kind());
    }

    @Test
    void theReasonStartsWithItsKindAndFitsAnEvent() {
        ModelFailure timeout = new ModelFailure(FailureKind.TIMEOUT, "model m gave no answer within PT2M");
        assertEquals("timeout: model m gave no answer within PT2M", timeout.reason());

        ModelFailure huge = new ModelFailure(FailureKind.INFERENCE_ERROR, "x".repeat(10_000));
        assertEquals(ModelFailure.MAX_REASON, huge.reason().length());
        assertTrue(huge.reason().startsWith("inference-error: xxx"));
    }
}
