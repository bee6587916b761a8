package org.locness.inference.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PromptInputsReader;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;
import org.locness.testing.EmbeddedStackTest;

/**
 * The cache refreshed in a tight loop while models read their prompt inputs through the production
 * reader: every read sees one whole version of the patterns, never a file being replaced.
 */
@EmbeddedStackTest
class DailyCacheRefreshIT {
    private static final TradingDate TODAY = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
    private static final ObjectKey KEY = LakeKeys.unifiedPatterns(TODAY);
    private static final String SIGNATURE = "trend=up|vol=low|volume=normal|gap=none";
    private static final int REFRESHES = 100;
    private static final int READERS = 3;
    /** Days of history a read asks for; the file holds one. */
    private static final int HISTORY_DAYS = 5;

    @TempDir
    Path dir;

    /** One version of the day's patterns: every row of the signature, all with one confidence. */
    private record Version(long rows, double confidence) {
        boolean matches(PatternHistory.Day day) {
            return day.cases() == rows && Math.abs(day.meanConfidence() - confidence) < 1e-9;
        }
    }

    @Test
    void readersSeeOneWholeVersionWhileTheCacheIsRefreshedInATightLoop(EmbeddedStack stack) throws Exception {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        List<Version> versions = List.of(new Version(8_000, 0.25), new Version(12_000, 0.75));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            files.add(patterns(dir.resolve("v" + i + ".parquet"), versions.get(i)));
        }
        StagingDirectory staging = new StagingDirectory(dir.resolve("staging"));
        // No grace: only the readers' holds keep a superseded version, so they are what the test checks.
        DailyCache cache = new DailyCache(staging, lake, new CacheMetrics(new SimpleMeterRegistry(), NodeName.of("vm1")),
                Duration.ZERO, Clock.systemUTC(), version -> { });
        lake.put(KEY, files.get(0));
        cache.refreshPatterns(TODAY, KEY);

        AtomicBoolean refreshing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Set<Version> seen = ConcurrentHashMap.newKeySet();
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        List<Future<?>> running = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            running.add(readers.submit(() -> {
                try (Connection db = DuckDb.open(dir.resolve("work"))) {
                    PromptInputsReader reader = new PromptInputsReader(db);
                    while (refreshing.get() && failures.size() < 10) {
                        try {
                            PatternHistory history;
                            try (DailyCache.Copy copy = cache.patterns(KEY)) {
                                history = reader.unifiedPatterns(copy.path().orElseThrow()).history(SIGNATURE, HISTORY_DAYS);
                            }
                            PatternHistory.Day day = history.days().get(0);
                            Version version = versions.stream().filter(v -> v.matches(day)).findFirst().orElse(null);
                            if (history.days().size() != 1 || version == null) {
                                failures.add("a mix of versions: " + history);
                            } else {
                                seen.add(version);
                            }
                        } catch (Exception e) {
                            failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                        reads.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (int i = 1; i <= REFRESHES && failures.isEmpty(); i++) {
                lake.put(KEY, files.get(i % files.size()));
                cache.refreshPatterns(TODAY, KEY);
            }
        } finally {
            refreshing.set(false);
            for (Future<?> reader : running) {
                reader.get();
            }
            readers.shutdown();
        }

        System.out.printf("%d refreshes, %d reads by %d readers, %d failures%n", REFRESHES, reads.get(), READERS,
                failures.size());
        assertEquals(List.of(), List.copyOf(failures), "every read sees one whole version");
        assertEquals(Set.copyOf(versions), Set.copyOf(seen), "the readers raced the refreshes");
        assertTrue(reads.get() >= REFRESHES, "reads " + reads.get());
        try (var left = Files.list(staging.root())) {
            assertEquals(List.of(StagingFiles.patterns(TODAY).replace(".parquet", "." + (REFRESHES + 1) + "-")),
                    left.map(f -> f.getFileName().toString().replaceAll("[0-9a-f]{8}\\.parquet$", "")).toList(),
                    "once no reader holds them, every superseded version is gone, and no partial write is left");
        }
    }

    private Path patterns(Path file, Version version) throws Exception {
        try (Connection db = DuckDb.open(dir.resolve("work")); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT '" + SIGNATURE + "' AS signature, 'BTC' AS symbol, DATE '" + TODAY + "' AS date,"
                    + " 'm' || (i % 6) AS model, ['up', 'down', 'flat'][1 + i % 3] AS prediction, " + version.confidence()
                    + "::DOUBLE AS confidence, 'J-' || i AS job_id FROM range(" + version.rows() + ") t(i)) TO "
                    + DuckDb.literal(file) + " (FORMAT PARQUET, ROW_GROUP_SIZE 1024)");
        }
        return file;
    }
}
