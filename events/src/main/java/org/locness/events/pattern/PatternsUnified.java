package org.locness.events.pattern;

import org.locness.events.Event;
import org.locness.events.Require;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/** A new version of a day's unified patterns is in the lake. */
public record PatternsUnified(TradingDate date, ObjectKey key, long version, long rows) implements Event {
    public PatternsUnified {
        Require.present("date", date);
        Require.present("key", key);
        Require.nonNegative("version", version);
        Require.nonNegative("rows", rows);
    }

    @Override
    public String recordKey() {
        return date.value();
    }

    @Override
    public Topic topic() {
        return Topic.PATTERNS_UNIFIED;
    }
}
