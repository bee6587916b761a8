package org.locness.inference.job;

/**
 * Why a model answered a job with a failed result. The label starts the event's reason and is the
 * {@code reason} tag of {@code locness_inference_failures_total}, so it stays a short, fixed word.
 */
enum FailureKind {
    /** The model could not be loaded at start (missing or corrupt files, wrong labels, lake unreachable). */
    MODEL_UNAVAILABLE("model-unavailable"),
    /** The forward pass did not finish within the inference timeout. */
    TIMEOUT("timeout"),
    /** The JVM or libtorch ran out of memory during the forward pass. */
    OUT_OF_MEMORY("out-of-memory"),
    /** Even the bare question does not fit the model's context limit. */
    PROMPT_TOO_LONG("prompt-too-long"),
    /** The forward pass failed otherwise. */
    INFERENCE_ERROR("inference-error"),
    /** The job's input cannot be fetched from the lake for a reason that retrying will not fix. */
    INPUT_UNAVAILABLE("input-unavailable"),
    /** The input is not readable as bars of the job's symbol. */
    BAD_INPUT("bad-input");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
