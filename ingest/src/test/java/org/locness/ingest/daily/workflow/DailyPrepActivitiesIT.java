package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.lake.LakeKeys;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.ContextCalculator;
import org.locness.ingest.daily.context.FetchSummary;
import org.locness.ingest.daily.context.PrepDuckDb;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.ingest.daily.lake.ContextStore;
import org.locness.ingest.daily.lake.InputFetcher;
import org.locness.ingest.daily.lake.WrittenContext;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.EmbeddedStackTest;

/** The activities against the embedded lake, outside a workflow, to reach the paths a happy run never takes. */
@EmbeddedStackTest
class DailyPrepActivitiesIT {
    private final EmbeddedStack stack;
    private final Lake lake;

    @TempDir
    Path dir;

    /** What one worker keeps between preps; a test instance is one worker. */
    private final SummaryCache summaries = new SummaryCache(SummaryCache.DEFAULT_CAPACITY);
    private TestActivityEnvironment env;
    private KafkaProducer<String, byte[]> producer;
    private DailyPrepActivities activities;

    DailyPrepActivitiesIT(EmbeddedStack stack) {
        this.stack = stack;
        this.lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
    }

    @BeforeEach
    void activities() {
        env = TestActivityEnvironment.newInstance();
        producer = new KafkaProducer<>(stack.kafkaSettings().producer("daily-prep-activities-it"));
        env.registerActivitiesImplementations(new DailyPrepActivitiesImpl(
                new InputFetcher(lake, DailyPrepConfig.defaultFetchConcurrency(), summaries), new ContextCalculator(summaries),
                new ContextStore(lake), new EventPublisher(producer, DailyPrepService.SOURCE, Clock.systemUTC()),
                new DailyPrepMetrics(new SimpleMeterRegistry()), dir.resolve("work")));
        activities = env.newActivityStub(DailyPrepActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
    }

    @AfterEach
    void close() {
        env.close();
        producer.close();
    }

    @Test
    void aWriteOnAWorkerWithoutTheComputedFileComputesItAgain() throws Exception {
        TradingDate date = TradingDate.of("2026-03-10");
        seed(date, "AAA", "BBB");
        ComputedContext elsewhere = new ComputedContext(date, dir.resolve("other-worker/ctx.parquet").toString(),
                "d41d8cd98f00b204e9800998ecf8427e", 2, 20, List.of());

        WrittenContext written = activities.writeContext(elsewhere);

        assertTrue(written.uploaded());
        assertEquals(2, written.rows());
        assertEquals(lake.stat(LakeKeys.dailyPrepared(date)).orElseThrow().size(), written.bytes());
        assertEquals(4, written.skipped().size(), "four of the seven days were never seeded: " + written.skipped());
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertEquals(List.of(), left.toList(), "the write removes its run's files");
        }
    }

    @Test
    void aPrepareFetchesComputesAndWritesInOneStepAndAgainChangesNothing() throws Exception {
        TradingDate date = TradingDate.of("2026-08-10");
        seed(date, "HHH", "III");

        WrittenContext written = activities.prepareContext(date);
        WrittenContext again = activities.prepareContext(date);

        assertTrue(written.uploaded());
        assertEquals(2, written.rows());
        assertEquals(lake.stat(LakeKeys.dailyPrepared(date)).orElseThrow().eTag(), written.eTag());
        assertTrue(lake.stat(LakeKeys.dailyPrepared(date)).orElseThrow().hasMd5(freshWorker(date).md5()));
        assertFalse(again.uploaded(), "the same context is left alone");
        assertEquals(written.eTag(), again.eTag());
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertEquals(List.of(), left.toList(), "the prepare removes its run's files");
        }
    }

    @Test
    void aDifferentContextInTheLakeIsReplacedAndTheSameOneIsLeftAlone() throws Exception {
        TradingDate date = TradingDate.of("2026-04-10");
        seed(date, "CCC");
        lake.put(LakeKeys.dailyPrepared(date), Files.writeString(dir.resolve("old.parquet"), "an older context"));
        ObjectInfo old = lake.stat(LakeKeys.dailyPrepared(date)).orElseThrow();

        WrittenContext replaced = activities.writeContext(activities.computeContext(date));
        WrittenContext again = activities.writeContext(activities.computeContext(date));

        assertTrue(replaced.uploaded());
        assertNotEquals(old.eTag(), replaced.eTag());
        assertFalse(again.uploaded());
        assertEquals(replaced.eTag(), again.eTag());
    }

    @Test
    void fetchingSweepsRunDirectoriesThatDeadRunsLeftBehind() throws Exception {
        TradingDate date = TradingDate.of("2026-05-10");
        seed(date, "DDD");
        Path dead = Files.createDirectories(dir.resolve("work/2026-05-01_dead-run/inputs"));
        Files.writeString(dead.resolve("x.parquet"), "left over");
        Files.setLastModifiedTime(dead.getParent(), FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        Path recent = Files.createDirectories(dir.resolve("work/2026-05-09_running"));
        Path duckdb = Files.createDirectories(dir.resolve("work").resolve(PrepDuckDb.KEPT_DIRECTORY));
        Files.setLastModifiedTime(duckdb, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        FetchSummary fetched = activities.fetchInputs(date);

        assertEquals(3, fetched.marketFiles());
        assertTrue(Files.notExists(dead.getParent()));
        assertTrue(Files.isDirectory(recent), "a recent run's directory stays");
        assertTrue(Files.isDirectory(duckdb), "the worker's kept DuckDB is no run's, however old");
    }

    @Test
    void theNextDaysPrepDownloadsOnlyTheNewDayAndGivesTheBytesOfAFreshWorker() throws Exception {
        TradingDate today = TradingDate.of("2026-06-10");
        TradingDate tomorrow = today.plusDays(1);
        seed(tomorrow, 1, "EEE", "FFF");
        activities.writeContext(activities.computeContext(today));

        FetchSummary fetched = activities.fetchInputs(tomorrow);
        ComputedContext daily = activities.computeContext(tomorrow);

        assertEquals(6, fetched.marketFiles());
        assertEquals(2, fetched.downloaded(), "only the two files of the day that ended today");
        assertEquals(freshWorker(tomorrow).md5(), daily.md5());
    }

    @Test
    void aMarketFileReplacedInTheLakeIsReadAgain() throws Exception {
        TradingDate date = TradingDate.of("2026-07-10");
        seed(date, 1, "GGG");
        ComputedContext first = activities.computeContext(date);
        activities.writeContext(first);
        seed(date, 2, "GGG");

        FetchSummary fetched = activities.fetchInputs(date);
        ComputedContext second = activities.computeContext(date);

        assertEquals(3, fetched.downloaded(), "every file has a new ETag");
        assertNotEquals(first.md5(), second.md5());
        assertEquals(freshWorker(date).md5(), second.md5());
    }

    @Test
    void patternsAreFetchedFromTheWindowsFirstPatternDayOn() throws Exception {
        TradingDate date = TradingDate.of("2026-08-10");
        seed(date, "JJJ");
        List<TradingDate> patternDays = PrepWindow.standard(date).patternDates();
        Path file = Files.writeString(dir.resolve("patterns.parquet"), "fetched, not read");
        for (TradingDate day : List.of(patternDays.get(0).minusDays(1), patternDays.get(0), patternDays.get(patternDays.size() - 1))) {
            lake.put(LakeKeys.unifiedPatterns(day), file);
        }

        FetchSummary fetched = activities.fetchInputs(date);

        assertEquals(2, fetched.patternFiles(), "the day before the window is not the window's");
        assertEquals(fetched.marketFiles() + 2, fetched.downloaded(), "two pattern files and the market files");
    }

    /** The context of {@code date} as a worker that has read nothing before computes it. */
    private ComputedContext freshWorker(TradingDate date) {
        PrepWindow window = PrepWindow.standard(date);
        return new ContextCalculator().compute(new InputFetcher(lake, 1, new SummaryCache(0)).fetch(window,
                dir.resolve("fresh-" + date.value())), dir.resolve("fresh-run-" + date.value()));
    }

    private void seed(TradingDate date, String... symbols) {
        seed(date, 1, symbols);
    }

    private void seed(TradingDate date, long randomSeed, String... symbols) {
        SyntheticMarketData.seed(lake, dir.resolve("seed"),
                new SeedPlan(Stream.of(symbols).map(Symbol::of).toList(), 3, date.minusDays(1), randomSeed, 10));
    }
}
