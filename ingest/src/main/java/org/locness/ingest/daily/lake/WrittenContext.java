package org.locness.ingest.daily.lake;

import java.util.List;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;

/**
 * The context as stored in the lake.
 *
 * @param uploaded false when the lake already held exactly these bytes and nothing was written
 */
public record WrittenContext(TradingDate date, ObjectKey key, long rows, long bytes, String eTag, boolean uploaded,
        List<String> skipped) {
    public WrittenContext {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
}
