package org.locness.lake.s3;

/** A lake operation failed for good (after retries, or on an error that retrying cannot fix). */
public class LakeException extends RuntimeException {
    private final boolean transientFailure;

    public LakeException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True when the server was unreachable or overloaded: a later retry may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
