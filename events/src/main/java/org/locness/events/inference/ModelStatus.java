package org.locness.events.inference;

/** How one model's run for one job ended. */
public enum ModelStatus {
    SUCCEEDED,
    FAILED
}
