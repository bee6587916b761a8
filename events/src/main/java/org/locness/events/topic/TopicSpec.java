package org.locness.events.topic;

import java.time.Duration;

/** What a broker needs to create one topic. */
public record TopicSpec(String name, int partitions, Duration retention, Topic.CleanupPolicy cleanupPolicy,
        String keyMeaning) {
}
