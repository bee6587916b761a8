package org.locness.ingest.daily.workflow;

/** A run-now of the daily prep ended in failure; the message carries the activity's own reason. */
public class DailyPrepFailedException extends RuntimeException {
    public DailyPrepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
