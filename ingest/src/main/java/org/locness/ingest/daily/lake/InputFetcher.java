package org.locness.ingest.daily.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.LocalInputs;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.ingest.daily.context.LocalInputs.PatternFile;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a window's market data and unified patterns from the lake to a local directory (mirroring
 * the keys), because DuckDB reads Parquet from local files here. A file already downloaded with the
 * listed size is kept, so the compute step can call this again for free on the same worker.
 */
public final class InputFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(InputFetcher.class);
    private static final Pattern MARKET_KEY = Pattern.compile("^" + LakeKeys.MARKET_DATA + "([^/]+)/(\\d{4}-\\d{2}-\\d{2})\\.parquet$");

    private final Lake lake;

    public InputFetcher(Lake lake) {
        this.lake = lake;
    }

    public LocalInputs fetch(PrepWindow window, Path dir) {
        Set<TradingDate> marketDays = new HashSet<>(window.marketDates());
        Map<Symbol, Map<TradingDate, ObjectInfo>> bySymbol = new TreeMap<>();
        for (ObjectInfo info : lake.list(LakeKeys.MARKET_DATA)) {
            marketKey(info.key()).filter(k -> marketDays.contains(k.day()))
                    .ifPresent(k -> bySymbol.computeIfAbsent(k.symbol(), s -> new TreeMap<>()).put(k.day(), info));
        }
        Download download = new Download(dir);
        List<MarketFile> market = new ArrayList<>();
        bySymbol.forEach((symbol, days) -> days.forEach((day, info) ->
                market.add(new MarketFile(symbol, day, info.key(), download.get(info)))));

        Set<ObjectKey> patternKeys = new HashSet<>();
        window.patternDates().forEach(d -> patternKeys.add(LakeKeys.unifiedPatterns(d)));
        List<PatternFile> patterns = new ArrayList<>();
        for (ObjectInfo info : lake.list(LakeKeys.PATTERNS)) {
            if (patternKeys.contains(info.key())) {
                patterns.add(new PatternFile(patternDay(info.key()), info.key(), download.get(info)));
            }
        }
        List<String> missing = missing(window, bySymbol);
        LOG.info("daily prep {}: {} market files of {} symbols and {} pattern days in the window, {} downloaded"
                        + " ({} bytes), {} missing", window.date(), market.size(), bySymbol.size(), patterns.size(),
                download.count, download.bytes, missing.size());
        return new LocalInputs(window, market, patterns, missing, download.count, download.bytes);
    }

    /**
     * Symbol-days absent from the lake. A day absent for every symbol is named once, so a market
     * holiday reads as one entry rather than one per symbol.
     */
    static List<String> missing(PrepWindow window, Map<Symbol, Map<TradingDate, ObjectInfo>> bySymbol) {
        List<String> missing = new ArrayList<>();
        if (bySymbol.isEmpty()) {
            return missing;
        }
        for (TradingDate day : window.marketDates()) {
            Set<Symbol> absent = new TreeSet<>();
            bySymbol.forEach((symbol, days) -> {
                if (!days.containsKey(day)) {
                    absent.add(symbol);
                }
            });
            if (absent.size() == bySymbol.size()) {
                missing.add(LakeKeys.MARKET_DATA + "*/" + day.value() + ".parquet (missing for every symbol)");
            } else {
                absent.forEach(s -> missing.add(LakeKeys.marketData(s, day).value() + " (missing)"));
            }
        }
        return missing;
    }

    record MarketKey(Symbol symbol, TradingDate day) {
    }

    /** Keys that are not {@code market-data/<SYMBOL>/<date>.parquet} with valid parts are not ours to read. */
    static Optional<MarketKey> marketKey(ObjectKey key) {
        Matcher m = MARKET_KEY.matcher(key.value());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MarketKey(Symbol.of(m.group(1)), TradingDate.of(m.group(2))));
        } catch (InvalidEventException e) {
            LOG.debug("ignoring {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    private static TradingDate patternDay(ObjectKey key) {
        String rest = key.value().substring(LakeKeys.PATTERNS.length());
        return TradingDate.of(rest.substring(0, rest.indexOf('/')));
    }

    /** Downloads into {@code dir}, keeping files already there with the listed size. */
    private final class Download {
        private final Path dir;
        private int count;
        private long bytes;

        Download(Path dir) {
            this.dir = dir;
        }

        Path get(ObjectInfo info) {
            Path target = dir.resolve(info.key().value());
            try {
                if (Files.isRegularFile(target) && Files.size(target) == info.size()) {
                    return target;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot inspect " + target, e);
            }
            lake.get(info.key(), target);
            count++;
            bytes += info.size();
            return target;
        }
    }
}
