package org.locness.events.consensus;

/**
 * COMPLETE: every expected model succeeded. PARTIAL: a quorum of the weight succeeded (some models
 * failed, or had not reported by the deadline). FAILED: below quorum.
 */
public enum ConsensusStatus {
    COMPLETE,
    PARTIAL,
    FAILED
}
