package org.locness.events.consensus;

/** COMPLETE: every expected model reported. PARTIAL: a quorum at the deadline. FAILED: below quorum. */
public enum ConsensusStatus {
    COMPLETE,
    PARTIAL,
    FAILED
}
