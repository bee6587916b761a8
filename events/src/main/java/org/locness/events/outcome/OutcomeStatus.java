package org.locness.events.outcome;

/** Whether a job's outcome could be measured. Only REALIZED outcomes are scored. */
public enum OutcomeStatus {
    /** The horizon's close and enough history were in the lake: return and label are set. */
    REALIZED,
    /** A day the outcome needs (the job's date or the horizon's end) has no market data while a later day has. */
    MISSING_DATA,
    /** Fewer than the definition's minimum days of history to measure the volatility. */
    INSUFFICIENT_HISTORY
}
