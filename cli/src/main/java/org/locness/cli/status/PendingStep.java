package org.locness.cli.status;

/** A step the job still waits for: the consumer group ({@code loop}) that must get past {@code input}. */
public record PendingStep(String loop, String what, RecordPosition input) {
}
