package org.locness.cli.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.s3.Lake;

/**
 * Market data a user brings to a backtest instead of the synthetic seed: a local directory laid out
 * as the lake's {@code market-data/} ({@code <SYMBOL>/<YYYY-MM-DD>.parquet}, one day of bars per file
 * in the lake's bar schema). Other files are not market data and are left out.
 */
record MarketDataFiles(Path root, Map<Symbol, SortedMap<TradingDate, Path>> files) {
    private static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.parquet");

    MarketDataFiles {
        files = Map.copyOf(files);
    }

    static MarketDataFiles scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--market-data " + root + " is not a directory");
        }
        Map<Symbol, SortedMap<TradingDate, Path>> files = new TreeMap<>();
        try (Stream<Path> symbolDirs = Files.list(root)) {
            for (Path symbolDir : symbolDirs.filter(Files::isDirectory).toList()) {
                Optional<Symbol> symbol = symbol(symbolDir.getFileName().toString());
                if (symbol.isEmpty()) {
                    continue;
                }
                try (Stream<Path> days = Files.list(symbolDir)) {
                    days.forEach(file -> day(file.getFileName().toString()).ifPresent(
                            d -> files.computeIfAbsent(symbol.get(), s -> new TreeMap<>()).put(d, file)));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--market-data " + root + " holds no <SYMBOL>/<YYYY-MM-DD>.parquet files");
        }
        return new MarketDataFiles(root, files);
    }

    private static Optional<Symbol> symbol(String name) {
        try {
            return Optional.of(Symbol.of(name));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    private static Optional<TradingDate> day(String fileName) {
        Matcher m = DAY_FILE.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TradingDate.of(m.group(1)));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    /** Symbols by name. */
    List<Symbol> symbols() {
        return new ArrayList<>(new TreeMap<>(files).keySet());
    }

    /** The newest day any of {@code symbols} has: where the backtest's last horizon ends. */
    TradingDate newest(List<Symbol> symbols) {
        return symbols.stream().map(s -> files.get(s).lastKey()).max(TradingDate::compareTo).orElseThrow();
    }

    /** Uploads {@code symbols}' files from {@code first} to {@code last} to {@code market-data/}; returns how many. */
    int upload(Lake lake, List<Symbol> symbols, TradingDate first, TradingDate last) {
        int uploaded = 0;
        for (Symbol symbol : symbols) {
            for (Map.Entry<TradingDate, Path> day : files.get(symbol).subMap(first, last.plusDays(1)).entrySet()) {
                lake.put(LakeKeys.marketData(symbol, day.getKey()), day.getValue());
                uploaded++;
            }
        }
        return uploaded;
    }
}
