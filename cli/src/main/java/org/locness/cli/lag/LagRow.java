package org.locness.cli.lag;

import java.util.OptionalLong;

/**
 * One partition of one consumer group, as {@code kafka-consumer-groups --describe} shows it: the
 * group's committed offset (none if it never committed there), the partition's end (none if the
 * broker could not say), the client owning it now (empty if nobody) and the group's state.
 */
public record LagRow(String group, String topic, int partition, OptionalLong currentOffset,
        OptionalLong logEndOffset, String consumer, String state) {

    /** End less committed offset; unknown if either is. A group that never committed owes the whole log. */
    public OptionalLong lag() {
        if (currentOffset.isEmpty() || logEndOffset.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, logEndOffset.getAsLong() - currentOffset.getAsLong()));
    }
}
