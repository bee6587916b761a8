package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));

        assertEquals(Duration.ofMillis(200), backoff.next(backoff.initial()));
        assertEquals(Duration.ofMillis(350), backoff.next(Duration.ofMillis(200)));
        assertEquals(Duration.ofMillis(350), backoff.next(Duration.ofMillis(350)));
    }

    @Test
    void rejectsAnEmptyOrInvertedRange() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
