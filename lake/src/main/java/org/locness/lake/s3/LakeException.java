package org.locness.lake.s3;

import java.io.IOException;

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

    /**
     * True when {@code e} wraps a lake failure that retrying will not fix (no such key, access denied),
     * as the staging directory's writers wrap what the lake throws.
     */
    public static boolean isPermanent(IOException e) {
        return e.getCause() instanceof LakeException lakeFailure && !lakeFailure.isTransient();
    }
}
