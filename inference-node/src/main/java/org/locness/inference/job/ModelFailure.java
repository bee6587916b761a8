package org.locness.inference.job;

import java.util.Locale;
import org.locness.inference.model.InferenceException;
import org.locness.inference.model.ModelLoadException;
import org.locness.inference.model.PromptTooLongException;

/**
 * A model cannot answer a job, for a reason that retrying the job will not fix: the node publishes a
 * failed result with {@link #reason()} instead, so the aggregator never waits for it.
 */
final class ModelFailure extends Exception {
    /** Room for the reason in an event ({@code InferenceCompleted} accepts 2048 characters). */
    static final int MAX_REASON = 1800;

    private final FailureKind kind;

    ModelFailure(FailureKind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
    }

    ModelFailure(FailureKind kind, String detail) {
        this(kind, detail, null);
    }

    /**
     * What a forward pass's error means. libtorch reports an exhausted allocator as an engine error
     * whose text names the memory; the JVM throws {@link OutOfMemoryError}.
     */
    static ModelFailure ofInference(Throwable error) {
        if (error instanceof OutOfMemoryError) {
            return new ModelFailure(FailureKind.OUT_OF_MEMORY, "the JVM ran out of memory: " + error.getMessage(), error);
        }
        if (error instanceof PromptTooLongException) {
            return new ModelFailure(FailureKind.PROMPT_TOO_LONG, error.getMessage(), error);
        }
        if (error instanceof ModelLoadException) {
            return new ModelFailure(FailureKind.MODEL_UNAVAILABLE, error.getMessage(), error);
        }
        String message = String.valueOf(error.getMessage());
        if (error instanceof InferenceException && mentionsMemory(message)) {
            return new ModelFailure(FailureKind.OUT_OF_MEMORY, message, error);
        }
        return new ModelFailure(FailureKind.INFERENCE_ERROR, error.getClass().getSimpleName() + ": " + message, error);
    }

    private static boolean mentionsMemory(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("out of memory") || lower.contains("not enough memory") || lower.contains("bad_alloc")
                || lower.contains("failed to allocate");
    }

    FailureKind kind() {
        return kind;
    }

    /** {@code <kind>: <detail>}, cut to fit an event. */
    String reason() {
        String reason = kind.label() + ": " + getMessage();
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
