package org.locness.ingest.outcome;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;

/** A day of one symbol's market data: the object {@code market-data/<SYMBOL>/<date>.parquet}. */
public record MarketDataFile(Symbol symbol, TradingDate date) {
    private static final Pattern KEY = Pattern.compile("^" + LakeKeys.MARKET_DATA + "([^/]+)/([^/]+)\\.parquet$");

    /**
     * The file a key names; empty for keys of any other shape. A key of that shape whose folder is not
     * a symbol or whose name is not a date throws {@link InvalidEventException}: somebody put market
     * data where no outcome can read it, and the DLQ is where an operator sees it.
     */
    public static Optional<MarketDataFile> parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MarketDataFile(Symbol.of(m.group(1)), TradingDate.of(m.group(2))));
        } catch (InvalidEventException e) {
            throw new InvalidEventException("key", "market data '" + key + "' is not market-data/<SYMBOL>/<yyyy-MM-dd>"
                    + ".parquet: " + e.getMessage(), e);
        }
    }
}
