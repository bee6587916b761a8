package org.locness.ingest.daily.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.DaySummary;
import org.locness.ingest.daily.context.LocalInputs;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.ingest.daily.context.LocalInputs.PatternFile;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a window's market data and unified patterns from the lake to a local directory (mirroring
 * the keys), because DuckDB reads Parquet from local files here. A market file whose summary the
 * {@link SummaryCache} holds at the listed ETag is not downloaded: an earlier prep on this worker has
 * read it. What a fetch into a directory found is remembered while its files stay there, so the
 * compute step, which calls this again with the same directory, neither lists the lake nor downloads
 * anything when it runs on the same worker; elsewhere it fetches afresh.
 *
 * <p>Market data is listed symbol by symbol, under the prefix the window's dates share and from its
 * first day on ({@code start-after}), so a listing does not grow with the history the lake holds;
 * patterns likewise from the window's first pattern day. Listings and downloads run a bounded number
 * at a time ({@code LOCNESS_DAILY_PREP_FETCH_CONCURRENCY}): a window is hundreds of small objects,
 * and one by one their round trips, not their bytes, set the time. Each download is a
 * single GET (the listing gave the size already). The first request that fails (after the lake's
 * retries) is thrown as it was raised; the others are cancelled and waited for, so no request
 * outlives the call.
 */
public final class InputFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(InputFetcher.class);
    private static final Pattern MARKET_KEY = Pattern.compile("^" + LakeKeys.MARKET_DATA + "([^/]+)/(\\d{4}-\\d{2}-\\d{2})\\.parquet$");

    /** Fetches remembered: a worker runs a handful of preps at once at most. */
    private static final int REMEMBERED = 8;

    /** How long a failed fetch waits for the downloads still in flight (each is bounded by the lake's timeouts). */
    private static final Duration IN_FLIGHT_GRACE = Duration.ofSeconds(30);

    /** The lake calls the fetch makes; a seam so tests can fail one download among many. */
    interface Source {
        /** Objects under {@code prefix} whose keys sort after {@code startAfter}. */
        List<ObjectInfo> list(String prefix, String startAfter);

        /** The "directories" right under {@code prefix}, each ending in '/'. */
        List<String> directories(String prefix);

        void download(ObjectKey key, Path target);
    }

    private final Source lake;
    private final int concurrency;
    private final SummaryCache summaries;
    private final Map<Fetched, LocalInputs> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Fetched, LocalInputs> eldest) {
            return size() > REMEMBERED;
        }
    };

    private record Fetched(PrepWindow window, Path dir) {
    }

    /**
     * @param concurrency downloads in flight at once, at least 1
     * @param summaries the market files read before, which need no download
     */
    public InputFetcher(Lake lake, int concurrency, SummaryCache summaries) {
        this(new Source() {
            @Override
            public List<ObjectInfo> list(String prefix, String startAfter) {
                return lake.list(prefix, startAfter);
            }

            @Override
            public List<String> directories(String prefix) {
                return lake.directories(prefix);
            }

            @Override
            public void download(ObjectKey key, Path target) {
                lake.download(key, target);
            }
        }, concurrency, summaries);
    }

    InputFetcher(Source lake, int concurrency, SummaryCache summaries) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("the fetch needs at least one download at a time, was " + concurrency);
        }
        this.lake = lake;
        this.concurrency = concurrency;
        this.summaries = summaries;
    }

    public LocalInputs fetch(PrepWindow window, Path dir) {
        Fetched key = new Fetched(window, dir);
        LocalInputs known;
        synchronized (remembered) {
            known = remembered.get(key);
        }
        if (known != null && allOnDisk(known)) {
            return new LocalInputs(window, known.market(), known.patterns(), known.missing(), 0, 0, known.summarized());
        }
        LocalInputs fetched = fetchFromLake(window, dir);
        synchronized (remembered) {
            remembered.put(key, fetched);
        }
        return fetched;
    }

    private static boolean allOnDisk(LocalInputs inputs) {
        return inputs.market().stream().allMatch(f -> Files.isRegularFile(f.path()))
                && inputs.patterns().stream().allMatch(f -> Files.isRegularFile(f.path()));
    }

    private LocalInputs fetchFromLake(PrepWindow window, Path dir) {
        Set<TradingDate> marketDays = new HashSet<>(window.marketDates());
        Map<Symbol, Map<TradingDate, ObjectInfo>> bySymbol = new TreeMap<>();
        String windowDays = windowDays(window);
        String startAfter = window.firstMarketDate().minusDays(1).value() + ".parquet";
        for (List<ObjectInfo> listed : bounded(lake.directories(LakeKeys.MARKET_DATA),
                symbolDir -> lake.list(symbolDir + windowDays, symbolDir + startAfter))) {
            for (ObjectInfo info : listed) {
                marketKey(info.key()).filter(k -> marketDays.contains(k.day()))
                        .ifPresent(k -> bySymbol.computeIfAbsent(k.symbol(), s -> new TreeMap<>()).put(k.day(), info));
            }
        }
        List<ObjectInfo> marketInfos = new ArrayList<>();
        List<DaySummary> summarized = new ArrayList<>();
        bySymbol.values().forEach(days -> days.values().forEach(info -> summaries.get(info.key(), info.eTag())
                .ifPresentOrElse(summarized::add, () -> marketInfos.add(info))));
        List<ObjectInfo> patternInfos = patternInfos(window.patternDates());

        Download download = new Download(dir);
        List<ObjectInfo> all = new ArrayList<>(marketInfos);
        all.addAll(patternInfos);
        List<Path> paths = download.all(all);
        List<Path> marketPaths = paths.subList(0, marketInfos.size());
        List<Path> patternPaths = paths.subList(marketInfos.size(), paths.size());
        List<MarketFile> market = new ArrayList<>();
        for (int i = 0; i < marketInfos.size(); i++) {
            ObjectKey key = marketInfos.get(i).key();
            MarketKey parts = marketKey(key).orElseThrow();
            market.add(new MarketFile(parts.symbol(), parts.day(), key, marketPaths.get(i), marketInfos.get(i).eTag()));
        }
        List<PatternFile> patterns = new ArrayList<>();
        for (int i = 0; i < patternInfos.size(); i++) {
            ObjectKey key = patternInfos.get(i).key();
            patterns.add(new PatternFile(patternDay(key), key, patternPaths.get(i)));
        }
        List<String> missing = missing(window, bySymbol);
        LOG.info("daily prep {}: {} market files of {} symbols and {} pattern days in the window, {} summarized before,"
                        + " {} downloaded ({} bytes), {} missing", window.date(), market.size() + summarized.size(),
                bySymbol.size(), patterns.size(), summarized.size(), download.count.get(), download.bytes.get(),
                missing.size());
        return new LocalInputs(window, market, patterns, missing, download.count.get(), download.bytes.get(), summarized);
    }

    /** The window's pattern files in the lake, listed from its first pattern day on. */
    private List<ObjectInfo> patternInfos(List<TradingDate> days) {
        if (days.isEmpty()) {
            return List.of();
        }
        Set<ObjectKey> patternKeys = new HashSet<>();
        days.forEach(d -> patternKeys.add(LakeKeys.unifiedPatterns(d)));
        // Every key of the first day and later sorts after the bare "patterns/<day>".
        return lake.list(LakeKeys.PATTERNS, LakeKeys.PATTERNS + days.get(0).value()).stream()
                .filter(info -> patternKeys.contains(info.key())).toList();
    }

    /**
     * What every market date of the window starts with: the longest common prefix of its first and
     * last dates ({@code 2026-11-2} for the 21st to the 27th), as every date between them shares it.
     * Listing a symbol under it rather than its whole directory spares the server the rest of the
     * symbol's history (s3proxy reads every file under a listing's prefix before applying
     * {@code start-after}).
     */
    static String windowDays(PrepWindow window) {
        String first = window.firstMarketDate().value();
        String last = window.lastMarketDate().value();
        int common = 0;
        while (common < first.length() && first.charAt(common) == last.charAt(common)) {
            common++;
        }
        return first.substring(0, common);
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

    /**
     * {@code work} applied to every item, {@link #concurrency} at a time, the results in the items'
     * order. The first failure is thrown as it was raised, once nothing is in flight: the others are
     * cancelled and waited for, so no request outlives the call.
     */
    private <A, B> List<B> bounded(List<A> items, Function<A, B> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), r -> {
            Thread t = new Thread(r, "daily-prep-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<B> done = new ExecutorCompletionService<>(pool);
            Map<Future<B>, Integer> positions = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                A item = items.get(i);
                positions.put(done.submit(() -> work.apply(item)), i);
            }
            List<B> results = new ArrayList<>(Collections.nCopies(items.size(), null));
            for (int finished = 0; finished < items.size(); finished++) {
                Future<B> next = take(done);
                results.set(positions.get(next), result(next));
            }
            return results;
        } finally {
            pool.shutdownNow();
            awaitInFlight(pool);
        }
    }

    private static <B> Future<B> take(CompletionService<B> done) {
        try {
            return done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching the prep's inputs", e);
        }
    }

    private static <B> B result(Future<B> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching the prep's inputs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A request cannot be interrupted midway; waiting keeps a retry from racing a leftover writer. */
    private static void awaitInFlight(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(IN_FLIGHT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("daily prep: requests still running {} s after the fetch ended", IN_FLIGHT_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Downloads into {@code dir}, keeping files already there with the listed size. */
    private final class Download {
        private final Path dir;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Download(Path dir) {
            this.dir = dir;
        }

        /** The local paths of {@code infos}, in their order. */
        List<Path> all(List<ObjectInfo> infos) {
            return bounded(infos, this::get);
        }

        private Path get(ObjectInfo info) {
            Path target = dir.resolve(info.key().value());
            try {
                if (Files.isRegularFile(target) && Files.size(target) == info.size()) {
                    return target;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot inspect " + target, e);
            }
            lake.download(info.key(), target);
            count.incrementAndGet();
            bytes.addAndGet(info.size());
            return target;
        }
    }
}
