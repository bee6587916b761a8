package org.locness.cli.backfill;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;

/** The symbols the lake has market data for: the folders of {@code market-data/<SYMBOL>/}. */
public final class MarketDataSymbols {
    private MarketDataSymbols() {
    }

    public static List<Symbol> in(Lake lake) {
        TreeSet<Symbol> symbols = new TreeSet<>();
        for (ObjectInfo object : lake.list(LakeKeys.MARKET_DATA)) {
            symbolOf(object.key().value()).ifPresent(symbols::add);
        }
        return List.copyOf(symbols);
    }

    /** A folder name that is no symbol (lower case, say) holds nothing ingest could plan a job on. */
    private static Optional<Symbol> symbolOf(String key) {
        String rest = key.substring(LakeKeys.MARKET_DATA.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Symbol.of(rest.substring(0, slash)));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }
}
