package org.locness.ingest.daily.context;

/**
 * Not one usable market bar in the window: there is no context to write. Retrying cannot help, so
 * the activity retry policy lists this type as non-retryable and the run fails with this message.
 */
public class NothingUsableException extends RuntimeException {
    public NothingUsableException(String message) {
        super(message);
    }
}
