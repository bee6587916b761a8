package org.locness.ingest.prep;

import org.locness.events.InvalidEventException;

/** A job with nothing to run on: no pre-swept objects and no market data for its symbol. */
public final class NoInputException extends InvalidEventException {
    public static final String REASON = "no-input";

    public NoInputException(String detail) {
        super("input", REASON + ": " + detail);
    }
}
