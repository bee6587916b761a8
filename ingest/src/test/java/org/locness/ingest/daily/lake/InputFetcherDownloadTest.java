package org.locness.ingest.daily.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.DaySummary;
import org.locness.ingest.daily.context.FetchSummary;
import org.locness.ingest.daily.context.LocalInputs;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.lake.s3.LakeException;
import org.locness.lake.s3.ObjectInfo;
import org.locness.ingest.daily.lake.InputFetcher.MarketKey;
import org.locness.testing.Await;

/** The fetch's parallel downloads against a lake stand-in that can fail one download among many. */
class InputFetcherDownloadTest {
    private static final PrepWindow WINDOW = new PrepWindow(TradingDate.of("2026-11-08"), 7, 2);
    private static final int SYMBOLS = 10;

    @TempDir
    Path dir;

    @Test
    void downloadsEveryFileOnceWithBoundedConcurrencyAndKeepsThemOnTheNextCall() {
        FakeLake lake = new FakeLake(null);
        InputFetcher fetcher = new InputFetcher(lake, 4, new SummaryCache(0));

        LocalInputs first = fetcher.fetch(WINDOW, dir);
        int listings = lake.lists.get();

        assertEquals(72, lake.downloads.size(), "70 market files and 2 pattern days");
        assertTrue(lake.maxInFlight.get() <= 4, "at most 4 at once, saw " + lake.maxInFlight.get());
        assertEquals(new FetchSummary(WINDOW.date(), 70, 2, 72, 72 * 100L, List.of()), first.summary());
        assertEquals(lake.listed(LakeKeys.MARKET_DATA).stream().map(i -> dir.resolve(i.key().value())).toList(),
                first.market().stream().map(LocalInputs.MarketFile::path).toList(), "paths in the listing's order");
        first.market().forEach(f -> assertTrue(Files.isRegularFile(f.path()), f.path().toString()));

        LocalInputs again = fetcher.fetch(WINDOW, dir);

        assertEquals(72, lake.downloads.size(), "nothing downloaded twice");
        assertEquals(listings, lake.lists.get(), "the second call remembers what the first found");
        assertEquals(new FetchSummary(WINDOW.date(), 70, 2, 0, 0, List.of()), again.summary());
        assertEquals(first.market(), again.market());
    }

    @Test
    void aFileGoneFromTheDirectoryIsFetchedAgain() throws IOException {
        FakeLake lake = new FakeLake(null);
        InputFetcher fetcher = new InputFetcher(lake, 4, new SummaryCache(0));
        LocalInputs first = fetcher.fetch(WINDOW, dir);
        int listings = lake.lists.get();
        Files.delete(first.market().get(5).path());

        LocalInputs again = fetcher.fetch(WINDOW, dir);

        assertEquals(2 * listings, lake.lists.get(), "listed again");
        assertEquals(73, lake.downloads.size(), "only the missing file downloaded");
        assertTrue(Files.isRegularFile(again.market().get(5).path()));
    }

    @Test
    void marketDataIsListedSymbolBySymbolUnderTheWindowsDaysAndPatternsFromItsFirstDay() {
        FakeLake lake = new FakeLake(null);

        LocalInputs inputs = new InputFetcher(lake, 4, new SummaryCache(0)).fetch(WINDOW, dir);

        List<String> market = lake.startAfters.stream().filter(s -> s.startsWith(LakeKeys.MARKET_DATA)).toList();
        assertEquals(SYMBOLS, market.size());
        market.forEach(startAfter -> assertTrue(startAfter.matches("market-data/SYM0\\d\\d/2026-10-31\\.parquet"), startAfter));
        lake.prefixes.stream().filter(p -> p.startsWith(LakeKeys.MARKET_DATA))
                .forEach(prefix -> assertTrue(prefix.matches("market-data/SYM0\\d\\d/2026-11-0"), prefix));
        List<String> patterns = lake.startAfters.stream().filter(s -> s.startsWith(LakeKeys.PATTERNS)).toList();
        assertEquals(List.of("patterns/2026-11-06"), patterns, "from the window's first pattern day");
        assertEquals(2, inputs.patterns().size(), "both pattern days sort after it");
    }

    @Test
    void aWindowWithoutPatternDaysListsNoPatterns() {
        FakeLake lake = new FakeLake(null);

        LocalInputs inputs = new InputFetcher(lake, 4, new SummaryCache(0))
                .fetch(new PrepWindow(WINDOW.date(), WINDOW.marketDays(), 0), dir);

        assertEquals(new FetchSummary(WINDOW.date(), 70, 0, 70, 70 * 100L, List.of()), inputs.summary());
        assertTrue(lake.prefixes.stream().noneMatch(p -> p.startsWith(LakeKeys.PATTERNS)), lake.prefixes.toString());
    }

    @Test
    void aMarketFileSummarizedAtItsListedVersionIsNotDownloadedAgain() {
        FakeLake lake = new FakeLake(null);
        SummaryCache summaries = new SummaryCache(100);
        DaySummary known = summaryOf(LakeKeys.marketData(Symbol.of("SYM001"), TradingDate.of("2026-11-01")));
        DaySummary replaced = summaryOf(LakeKeys.marketData(Symbol.of("SYM002"), TradingDate.of("2026-11-01")));
        summaries.put(FakeLake.ETAG, known);
        summaries.put("an older version", replaced);

        LocalInputs inputs = new InputFetcher(lake, 4, summaries).fetch(WINDOW, dir);

        assertEquals(List.of(known), inputs.summarized());
        assertFalse(lake.downloads.contains(known.source()), "read before at this version");
        assertTrue(lake.downloads.contains(replaced.source()), "changed in the lake since it was read");
        assertEquals(71, lake.downloads.size());
        assertEquals(new FetchSummary(WINDOW.date(), 70, 2, 71, 71 * 100L, List.of()), inputs.summary());
        inputs.market().forEach(f -> assertEquals(FakeLake.ETAG, f.version(), f.key().value()));
    }

    @Test
    void onePermanentFailureAmongManyIsThrownAsRaisedAndNothingKeepsRunning() {
        ObjectKey failing = LakeKeys.marketData(Symbol.of("SYM003"), TradingDate.of("2026-11-04"));
        LakeException failure = new LakeException("get " + failing + " failed: NoSuchKey", null, false);
        FakeLake lake = new FakeLake(new Failure(failing, failure));

        LakeException thrown = assertThrows(LakeException.class, () -> new InputFetcher(lake, 8, new SummaryCache(0)).fetch(WINDOW, dir));

        assertSame(failure, thrown);
        assertFalse(thrown.isTransient());
        assertNothingLeftRunning(lake);
        assertFalse(Files.exists(dir.resolve(failing.value())));
    }

    @Test
    void aTransientFailureStaysTransientForTheActivityRetry() {
        ObjectKey failing = LakeKeys.unifiedPatterns(TradingDate.of("2026-11-07"));
        LakeException failure = new LakeException("get " + failing + " failed after 3 attempts: SlowDown", null, true);
        FakeLake lake = new FakeLake(new Failure(failing, failure));

        LakeException thrown = assertThrows(LakeException.class, () -> new InputFetcher(lake, 3, new SummaryCache(0)).fetch(WINDOW, dir));

        assertSame(failure, thrown);
        assertTrue(thrown.isTransient());
        assertNothingLeftRunning(lake);
    }

    @Test
    void aConcurrencyBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InputFetcher(new FakeLake(null), 0, new SummaryCache(0)));
        assertTrue(e.getMessage().contains("at least one download"), e.getMessage());
    }

    /** Downloads started after the failure block until interrupted: the fetch must cancel and wait for them. */
    private static void assertNothingLeftRunning(FakeLake lake) {
        assertEquals(0, lake.inFlight.get(), "a download outlived the fetch");
        Await.until("the fetch threads to end", Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().equals("daily-prep-fetch") && t.isAlive()));
    }

    private static DaySummary summaryOf(ObjectKey key) {
        MarketKey parts = InputFetcher.marketKey(key).orElseThrow();
        return new DaySummary(key, parts.symbol(), parts.day(), 1440, 1440, 10.0, 11.0, 1e6, 0.001, 10.5);
    }

    private record Failure(ObjectKey key, LakeException exception) {
    }

    /** 10 symbols x 7 days of market data and the window's 2 pattern days, 100 bytes each. */
    private static final class FakeLake implements InputFetcher.Source {
        static final String ETAG = "etag";
        private final Failure failure;
        private final CountDownLatch failed = new CountDownLatch(1);
        final ConcurrentLinkedQueue<ObjectKey> downloads = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger lists = new AtomicInteger();
        final ConcurrentLinkedQueue<String> startAfters = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> prefixes = new ConcurrentLinkedQueue<>();

        FakeLake(Failure failure) {
            this.failure = failure;
        }

        List<ObjectInfo> listed(String prefix) {
            return listing(prefix);
        }

        @Override
        public List<ObjectInfo> list(String prefix, String startAfter) {
            lists.incrementAndGet();
            startAfters.add(startAfter);
            prefixes.add(prefix);
            String root = prefix.startsWith(LakeKeys.PATTERNS) ? LakeKeys.PATTERNS : LakeKeys.MARKET_DATA;
            return listing(root).stream().filter(i -> i.key().value().startsWith(prefix))
                    .filter(i -> i.key().value().compareTo(startAfter) > 0).toList();
        }

        @Override
        public List<String> directories(String prefix) {
            lists.incrementAndGet();
            return listing(prefix).stream().map(i -> {
                String rest = i.key().value().substring(prefix.length());
                return prefix + rest.substring(0, rest.indexOf('/') + 1);
            }).distinct().toList();
        }

        private List<ObjectInfo> listing(String prefix) {
            List<ObjectInfo> out = new ArrayList<>();
            if (prefix.equals(LakeKeys.MARKET_DATA)) {
                for (int s = 1; s <= SYMBOLS; s++) {
                    for (TradingDate day : WINDOW.marketDates()) {
                        out.add(info(LakeKeys.marketData(Symbol.of(String.format("SYM%03d", s)), day)));
                    }
                }
            } else if (prefix.equals(LakeKeys.PATTERNS)) {
                WINDOW.patternDates().forEach(day -> out.add(info(LakeKeys.unifiedPatterns(day))));
            }
            out.sort((a, b) -> a.key().compareTo(b.key()));
            return out;
        }

        @Override
        public void download(ObjectKey key, Path target) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (failure != null && key.equals(failure.key())) {
                    failed.countDown();
                    throw failure.exception();
                }
                if (failed.getCount() == 0) {
                    new CountDownLatch(1).await();
                }
                Files.createDirectories(target.getParent());
                Files.write(target, new byte[100]);
                downloads.add(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LakeException("interrupted", e, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private static ObjectInfo info(ObjectKey key) {
            return new ObjectInfo(key, 100, ETAG, Instant.EPOCH);
        }
    }
}
