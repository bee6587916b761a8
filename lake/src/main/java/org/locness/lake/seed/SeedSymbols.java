package org.locness.lake.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.locness.events.id.Symbol;

/** Symbol lists for seeding: numbered ({@code SYM001}…) for volume, or familiar tickers for demos. */
public final class SeedSymbols {
    /** Familiar tickers, crypto first: the demo reads better with names people recognise. */
    public static final List<Symbol> WELL_KNOWN = Arrays.stream(new String[] {
            "BTC", "ETH", "SOL", "AAPL", "MSFT", "NVDA", "SPY", "QQQ", "AMZN", "GOOGL", "META", "TSLA",
            "AMD", "NFLX", "JPM", "XOM", "BRK.B", "V", "KO", "DIS"}).map(Symbol::of).toList();

    private SeedSymbols() {
    }

    /** {@code SYM001}, {@code SYM002}, …; three digits at least, more when the count needs them. */
    public static List<Symbol> numbered(int count) {
        requirePositive(count);
        int width = Math.max(3, String.valueOf(count).length());
        List<Symbol> symbols = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            symbols.add(Symbol.of("SYM" + String.format(Locale.ROOT, "%0" + width + "d", i)));
        }
        return symbols;
    }

    /** The first {@code count} of {@link #WELL_KNOWN}. */
    public static List<Symbol> wellKnown(int count) {
        requirePositive(count);
        if (count > WELL_KNOWN.size()) {
            throw new IllegalArgumentException("only " + WELL_KNOWN.size() + " well-known symbols exist, asked for "
                    + count + ": use numbered symbols for more");
        }
        return WELL_KNOWN.subList(0, count);
    }

    /** A comma-separated list such as {@code BTC,ETH,AAPL}; each name is validated as a {@link Symbol}. */
    public static List<Symbol> parse(String commaSeparated) {
        List<Symbol> symbols = Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Symbol::of).toList();
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("no symbols in '" + commaSeparated + "'");
        }
        return symbols;
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the symbol count must be at least 1, was " + count);
        }
    }
}
