package org.locness.ingest.daily.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.locness.ingest.daily.context.SummaryCache;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.seed.BarParquetWriter;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/** The worker over gRPC against the port-bound Temporal test server, with the embedded broker and lake. */
@EmbeddedStackTest(temporal = true)
class DailyPrepIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final EmbeddedStack stack;
    private final Lake lake;

    @TempDir
    Path dir;

    DailyPrepIT(EmbeddedStack stack) {
        this.stack = stack;
        this.lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
    }

    @Test
    void preparesTheContextAnnouncesItAndARerunChangesNothing() throws Exception {
        TradingDate date = TradingDate.of("2026-11-27");
        List<Symbol> symbols = List.of(Symbol.of("BTC"), Symbol.of("ETH"), Symbol.of("AAPL"), Symbol.of("MSFT"));
        SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(symbols, 7, date.minusDays(1), 3, 60));
        ObjectKey key = LakeKeys.dailyPrepared(date);
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("daily-prep");

        try (DailyPrepService service = new DailyPrepService(config("UTC"), registry);
                MetricsServer metrics = MetricsServer.start(registry, "127.0.0.1", 0);
                TopicReader events = reader(Topic.CONTEXT_DAILY_READY)) {
            service.startWorker();

            DailyPrepResult first = service.runNow(date);

            assertEquals(DailyPrepResult.Outcome.PREPARED, first.outcome());
            assertTrue(first.uploaded());
            assertEquals(key, first.key());
            assertEquals(4, first.rows());
            assertEquals(List.of(), first.skipped());
            ObjectInfo stored = lake.stat(key).orElseThrow();
            assertEquals(stored.size(), first.bytes());
            Path back = dir.resolve("back.parquet");
            lake.get(key, back);
            try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT string_agg(symbol, ',' ORDER BY symbol), min(bars), max(bars),"
                            + " count(DISTINCT date), min(date)::VARCHAR FROM read_parquet(" + DuckDb.literal(back) + ")")) {
                rs.next();
                assertEquals("AAPL,BTC,ETH,MSFT", rs.getString(1));
                assertEquals(7 * 60, rs.getLong(2));
                assertEquals(7 * 60, rs.getLong(3));
                assertEquals(1, rs.getLong(4));
                assertEquals("2026-11-27", rs.getString(5));
            }
            DailyContextReady expected = new DailyContextReady(date, key, 4, stored.size(), List.of());
            assertEquals(List.of(expected), readyEvents(events, date, 1));

            DailyPrepResult again = service.runNow(date);

            assertFalse(again.uploaded(), "the same input gives the same bytes, so nothing is written");
            ObjectInfo after = lake.stat(key).orElseThrow();
            assertEquals(stored.eTag(), after.eTag());
            assertEquals(stored.lastModified(), after.lastModified());
            // The event is announced again; its consumers are idempotent (same key, same content).
            assertEquals(List.of(expected), readyEvents(events, date, 1));
            // The lake publishes an object event before it answers the put: all are on the topic by now.
            assertEquals(1, objectEventsFor(key), "one upload, so one object event");

            String scraped = await(() -> get(metrics.port()), body -> body.contains("temporal_workflow_completed_total")
                    && body.contains("locness_daily_prep_rows_read_total"));
            assertTrue(scraped.contains("locness_daily_prep_rows_read_total{component=\"daily-prep\"} 3360.0"), scraped);
            assertTrue(scraped.contains("locness_daily_prep_rows_written_total{component=\"daily-prep\"} 4.0"), scraped);
            assertTrue(scraped.contains("locness_daily_prep_duration_seconds_count{component=\"daily-prep\"} 2"), scraped);
            assertTrue(scraped.contains("locness_daily_prep_summaries{component=\"daily-prep\"} 28.0"),
                    "4 symbols x 7 days summarized: " + scraped);
            assertTrue(scraped.matches("(?s).*temporal_workflow_completed_total\\{[^}]*status=\"success\".*"), scraped);
        }
    }

    @Test
    void badInputIsSkippedNamedAndTheRestIsPrepared() throws Exception {
        TradingDate date = TradingDate.of("2026-06-10");
        List<Symbol> symbols = List.of(Symbol.of("ONE"), Symbol.of("TWO"), Symbol.of("THREE"));
        SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(symbols, 7, date.minusDays(1), 5, 30));
        lake.delete(LakeKeys.marketData(Symbol.of("TWO"), TradingDate.of("2026-06-05")));
        Path garbage = Files.writeString(dir.resolve("garbage.parquet"), "PAR1 not really");
        lake.put(LakeKeys.marketData(Symbol.of("THREE"), TradingDate.of("2026-06-09")), garbage);
        Path empty = dir.resolve("empty.parquet");
        try (BarParquetWriter writer = new BarParquetWriter(dir.resolve("writer"))) {
            writer.write(List.of(), empty);
        }
        lake.put(LakeKeys.marketData(Symbol.of("FOUR"), TradingDate.of("2026-06-09")), empty);
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("daily-prep");

        try (DailyPrepService service = new DailyPrepService(config("UTC"), registry);
                TopicReader events = reader(Topic.CONTEXT_DAILY_READY)) {
            service.startWorker();

            DailyPrepResult result = service.runNow(date);

            assertEquals(3, result.rows());
            List<String> skipped = result.skipped();
            for (String entry : List.of("market-data/TWO/2026-06-05.parquet (missing)",
                    "market-data/THREE/2026-06-09.parquet (unreadable Parquet)",
                    "market-data/FOUR/2026-06-09.parquet (no bars)", "market-data/FOUR/ (no usable bars)",
                    "market-data/FOUR/2026-06-03.parquet (missing)")) {
                assertTrue(skipped.contains(entry), entry + " not in " + skipped);
            }
            assertEquals(List.of(new DailyContextReady(date, LakeKeys.dailyPrepared(date), 3, result.bytes(), skipped)),
                    readyEvents(events, date, 1));
            Path back = dir.resolve("back.parquet");
            lake.get(LakeKeys.dailyPrepared(date), back);
            try (Connection db = DuckDb.open(dir.resolve("read")); Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT decode(value) FROM parquet_kv_metadata(" + DuckDb.literal(back)
                            + ") WHERE decode(key) = 'skipped'")) {
                rs.next();
                assertEquals(new ObjectMapper().writeValueAsString(skipped), rs.getString(1));
            }
        }
    }

    @Test
    void aWindowWithNothingUsableFailsTheRunWithItsReason() throws Exception {
        TradingDate date = TradingDate.of("2025-01-10");
        Path garbage = Files.writeString(dir.resolve("garbage.parquet"), "nope");
        lake.put(LakeKeys.marketData(Symbol.of("NONE"), TradingDate.of("2025-01-05")), garbage);

        try (DailyPrepService service = new DailyPrepService(config("UTC"), MetricsServer.newRegistry("daily-prep"))) {
            service.startWorker();

            DailyPrepFailedException e = assertThrows(DailyPrepFailedException.class, () -> service.runNow(date));

            assertTrue(e.getMessage().startsWith("daily prep 2025-01-10 failed: no usable market bars"), e.getMessage());
            assertTrue(e.getMessage().contains("market-data/NONE/2025-01-05.parquet (unreadable Parquet)"), e.getMessage());
            assertFalse(lake.exists(LakeKeys.dailyPrepared(date)));
        }
    }

    @Test
    void aRunNowJoinsARunAlreadyPreparingTheDate() {
        TradingDate date = TradingDate.of("2026-02-10");
        SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(List.of(Symbol.of("JOIN")), 2,
                date.minusDays(1), 9, 10));
        DailyPrepConfig config = config("UTC");
        try (DailyPrepService service = new DailyPrepService(config, MetricsServer.newRegistry("daily-prep"))) {
            DailyPrepWorkflow waiting = service.client().newWorkflowStub(DailyPrepWorkflow.class,
                    PrepWorkflowOptions.runNow(config.taskQueue(), date));
            String runId = WorkflowClient.start(waiting::prepare, DailyPrepRequest.forDate(ZoneId.of("UTC"), date))
                    .getRunId();
            service.startWorker();

            DailyPrepResult result = service.runNow(date);

            assertEquals(DailyPrepResult.Outcome.PREPARED, result.outcome());
            assertEquals(1, result.rows());
            assertEquals(runId, service.client().newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder()
                    .setWorkflowId(PrepWorkflowOptions.runNowId(date)).build()).describe().getExecution().getRunId(),
                    "no second run was started");
        }
    }

    @Test
    void theCronWorkflowIsCreatedOnceAndReplacedWhenTheZoneChanges() {
        try (DailyPrepService utc = new DailyPrepService(config("UTC"), MetricsServer.newRegistry("daily-prep"))) {
            assertEquals("0 6 * * *", utc.ensureCron());
            WorkflowStub cron = utc.client().newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder()
                    .setWorkflowId(PrepWorkflowOptions.CRON_WORKFLOW_ID).build());
            WorkflowExecutionDescription first = cron.describe();
            assertEquals("UTC", first.getMemo(PrepWorkflowOptions.MEMO_ZONE, String.class, String.class));

            assertEquals("0 6 * * *", utc.ensureCron());
            assertEquals(first.getExecution().getRunId(), cron.describe().getExecution().getRunId(),
                    "ensuring again keeps the running schedule");

            try (DailyPrepService london = new DailyPrepService(config("Europe/London"),
                    MetricsServer.newRegistry("daily-prep"))) {
                assertEquals("0 5,6 * * *", london.ensureCron());
            }
            WorkflowExecutionDescription replaced = cron.describe();
            assertNotEquals(first.getExecution().getRunId(), replaced.getExecution().getRunId());
            assertEquals("Europe/London", replaced.getMemo(PrepWorkflowOptions.MEMO_ZONE, String.class, String.class));
            assertEquals("0 5,6 * * *", replaced.getMemo(PrepWorkflowOptions.MEMO_CRON, String.class, String.class));
            cron.terminate("test over");
        }
    }

    private DailyPrepConfig config(String zone) {
        return new DailyPrepConfig(stack.temporalTarget().orElseThrow(), "default", "daily-prep-it-" + UUID.randomUUID(),
                ZoneId.of(zone), dir.resolve("work"), stack.kafkaSettings(),
                LakeSettings.fromEnvironment(stack.environment()), Duration.ofMillis(200), 0,
                DailyPrepConfig.defaultFetchConcurrency(), SummaryCache.DEFAULT_CAPACITY);
    }

    private TopicReader reader(Topic topic) {
        return TopicReader.fromStart(stack.kafkaSettings(), topic.topicName());
    }

    /** Reads on until {@code count} more events for {@code date} have arrived. */
    private static List<DailyContextReady> readyEvents(TopicReader reader, TradingDate date, int count) {
        List<DailyContextReady> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : reader.read(DEADLINE,
                r -> EventCodec.of(DailyContextReady.class).parse(r.value()).date().equals(date), r -> r.size() >= count)) {
            assertEquals(date.value(), record.key());
            events.add(EventCodec.of(DailyContextReady.class).parse(record.value()));
        }
        return events;
    }

    /** The object events for {@code key} on the topic, read from its start to its end as it is now. */
    private long objectEventsFor(ObjectKey key) {
        return TopicReader.read(stack.kafkaSettings(), Topic.LAKE_OBJECT_EVENTS.topicName(), DEADLINE,
                TopicReader.keyed("lake/" + key.value()), r -> true).size();
    }

    private static String get(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done) {
        AtomicReference<T> value = new AtomicReference<>();
        Await.until(() -> "the condition on " + value.get(), DEADLINE, () -> done.test(value.updateAndGet(v -> probe.get())));
        return value.get();
    }
}
