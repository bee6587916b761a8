package org.locness.cli.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.locness.events.topic.Topic;

/** The operator's arguments are checked before any client is made. */
class ReplayFilterTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void sinceIsAnInstantOrADurationBackFromNow() {
        assertEquals(Instant.parse("2026-11-02T08:00:00Z"), ReplayFilter.since("2026-11-02T08:00:00Z", NOW));
        assertEquals(Instant.parse("2026-11-02T11:00:00Z"), ReplayFilter.since("PT1H", NOW));
        assertEquals(Instant.parse("2026-10-31T12:00:00Z"), ReplayFilter.since("P2D", NOW));
    }

    @Test
    void aSinceThatIsNeitherIsRefusedSayingWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayFilter.since("yesterday", NOW));
        assertTrue(e.getMessage().contains("PT1H"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplayFilter.since("PT-1H", NOW));
        assertThrows(IllegalArgumentException.class, () -> new ReplayFilter(" ", null));
    }

    @Test
    void aTopicIsNamedByItselfOrItsDlqAndMustBeInTheRegistry() {
        assertEquals(Topic.JOBS_REQUESTED.dlqName(), DeadLetterTopic.parse("jobs.requested").name());
        assertEquals(Topic.JOBS_REQUESTED.dlqName(), DeadLetterTopic.parse("jobs.requested.dlq").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeadLetterTopic.parse("jobs.requsted"));
        assertTrue(e.getMessage().contains("jobs.requested"), e.getMessage());
    }
}
