package org.locness.ingest.submit;

import org.locness.events.id.Symbol;

/** Ingest sent a submitted request to {@code jobs.requested.dlq}; {@link #reason()} is its DLQ reason. */
public final class JobRejectedException extends RuntimeException {
    private final String reason;

    public JobRejectedException(Symbol symbol, String reason) {
        super("ingest rejected the job request for " + symbol + ": " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
