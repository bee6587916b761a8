package org.locness.ingest.daily.context;

import java.nio.file.Path;
import java.util.List;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * The window's lake objects: market files downloaded to be read, market files already summarized
 * by an earlier prep on this worker (not downloaded again), and pattern files. {@code missing} names
 * the symbol-days absent from the lake (a symbol counts as listed once it has any file in the window).
 */
public record LocalInputs(PrepWindow window, List<MarketFile> market, List<PatternFile> patterns, List<String> missing,
        int downloaded, long bytes, List<DaySummary> summarized) {

    /**
     * One symbol-day of bars; {@code version} is the lake's ETag of the object as listed, null for a
     * file that does not come from the lake (its summary is then not kept).
     */
    public record MarketFile(Symbol symbol, TradingDate day, ObjectKey key, Path path, String version) {
        public MarketFile(Symbol symbol, TradingDate day, ObjectKey key, Path path) {
            this(symbol, day, key, path, null);
        }
    }

    /** One day of unified patterns. */
    public record PatternFile(TradingDate day, ObjectKey key, Path path) {
    }

    public LocalInputs {
        market = List.copyOf(market);
        patterns = List.copyOf(patterns);
        missing = List.copyOf(missing);
        summarized = List.copyOf(summarized);
    }

    /** Every market file to be read; nothing summarized beforehand. */
    public LocalInputs(PrepWindow window, List<MarketFile> market, List<PatternFile> patterns, List<String> missing,
            int downloaded, long bytes) {
        this(window, market, patterns, missing, downloaded, bytes, List.of());
    }

    public FetchSummary summary() {
        return new FetchSummary(window.date(), market.size() + summarized.size(), patterns.size(), downloaded, bytes,
                missing);
    }
}
