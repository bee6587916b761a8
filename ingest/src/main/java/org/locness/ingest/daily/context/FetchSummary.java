package org.locness.ingest.daily.context;

import java.util.List;
import org.locness.events.id.TradingDate;

/** What the prep's fetch step found in the lake and brought to the worker's disk ({@link LocalInputs#summary}). */
public record FetchSummary(TradingDate date, int marketFiles, int patternFiles, int downloaded, long bytes,
        List<String> missing) {
    public FetchSummary {
        missing = missing == null ? List.of() : List.copyOf(missing);
    }
}
