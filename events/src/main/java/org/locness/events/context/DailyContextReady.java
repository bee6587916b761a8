package org.locness.events.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.locness.events.Event;
import org.locness.events.Require;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/** The day's market context is prepared; {@code skipped} names inputs the prep could not use. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DailyContextReady(TradingDate date, ObjectKey key, long rows, long bytes, List<String> skipped)
        implements Event {
    public DailyContextReady {
        Require.present("date", date);
        Require.present("key", key);
        Require.nonNegative("rows", rows);
        Require.nonNegative("bytes", bytes);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    @Override
    public String recordKey() {
        return date.value();
    }

    @Override
    public Topic topic() {
        return Topic.CONTEXT_DAILY_READY;
    }
}
