package org.locness.ingest.daily.context;

import java.nio.file.Path;
import java.util.List;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * The window's lake objects, downloaded. {@code missing} names the symbol-days absent from the lake
 * (a symbol counts as listed once it has any file in the window).
 */
public record LocalInputs(PrepWindow window, List<MarketFile> market, List<PatternFile> patterns, List<String> missing,
        int downloaded, long bytes) {

    /** One symbol-day of bars. */
    public record MarketFile(Symbol symbol, TradingDate day, ObjectKey key, Path path) {
    }

    /** One day of unified patterns. */
    public record PatternFile(TradingDate day, ObjectKey key, Path path) {
    }

    public LocalInputs {
        market = List.copyOf(market);
        patterns = List.copyOf(patterns);
        missing = List.copyOf(missing);
    }

    public FetchSummary summary() {
        return new FetchSummary(window.date(), market.size(), patterns.size(), downloaded, bytes, missing);
    }
}
