package org.locness.events.kafka;

import java.time.Duration;

/** Capped exponential backoff: each wait doubles, up to {@code max}; a success starts again at {@code initial}. */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " .. " + max);
        }
    }

    public Duration next(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
