package org.locness.sweeper.upload;

import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.result.ResultStaged;

/** Turns what a node reported, and what the sweeper found, into the event the aggregator counts. */
public final class StagedResults {
    /** The reason of a staged failure whose output is neither local nor in the lake. */
    public static final String LOST_OUTPUT = "lost-output";

    private StagedResults() {
    }

    /** A success: the model's probabilities, signature, timings and expected set, with the staged keys. */
    public static ResultStaged staged(InferenceCompleted event, OutputPair pair) {
        requireStatus(event, ModelStatus.SUCCEEDED);
        return new ResultStaged(event.jobId(), event.symbol(), event.date(), event.model(), event.node(),
                ModelStatus.SUCCEEDED, null, pair.resultKey(), pair.patternsKey(), event.probabilities(),
                event.signature(), event.timings(), event.expectedModels());
    }

    /** The model succeeded but its outputs are gone: a failure, so the aggregator does not wait for it. */
    public static ResultStaged lostOutput(InferenceCompleted event) {
        requireStatus(event, ModelStatus.SUCCEEDED);
        return failure(event, LOST_OUTPUT);
    }

    /** The model failed on the node: the same failure, staged. */
    public static ResultStaged forwarded(InferenceCompleted event) {
        requireStatus(event, ModelStatus.FAILED);
        return failure(event, event.reason());
    }

    /** Builds the event for the outcome of an upload of {@code pair}. */
    public static ResultStaged of(InferenceCompleted event, OutputPair pair, PairUpload upload) {
        return upload.staged() ? staged(event, pair) : lostOutput(event);
    }

    private static ResultStaged failure(InferenceCompleted event, String reason) {
        return new ResultStaged(event.jobId(), event.symbol(), event.date(), event.model(), event.node(),
                ModelStatus.FAILED, reason, null, null, null, null, event.timings(), event.expectedModels());
    }

    private static void requireStatus(InferenceCompleted event, ModelStatus status) {
        if (event.status() != status) {
            throw new IllegalArgumentException("expected a " + status + " event for " + event.jobId() + "/"
                    + event.model() + ", got " + event.status());
        }
    }
}
