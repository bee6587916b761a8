package org.locness.ingest.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.LoopHealth;
import org.locness.events.lake.LakeKeys;
import org.locness.events.outcome.OutcomeCalculator;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.testing.IngestHarness;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.ingest.testing.TestEnsembles;
import org.locness.lake.s3.Lake;
import org.locness.lake.seed.Bar;
import org.locness.lake.seed.BarParquetWriter;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/**
 * The outcome realizer on a real broker and lake: jobs made ready by intake, market data put into the
 * lake as a sweeper or the seed would, outcomes read back from {@code outcomes.realized}.
 */
@EmbeddedStackTest
class OutcomeRealizerIT {
    private static final EventCodec<OutcomeRealized> OUTCOME = EventCodec.of(OutcomeRealized.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OUTCOMES = Topic.OUTCOMES_REALIZED.topicName();
    private static final TradingDate DAY = TradingDate.of("2026-03-10");
    /** Six days of small moves before the job's day: enough returns for a volatility (the ensemble asks for 5). */
    private static final double[] HISTORY = {100, 100.4, 100.1, 100.6, 100.2, 100.5};

    @TempDir
    static Path work;
    private static Lake lake;
    private static BarParquetWriter writer;
    private static IngestHarness.Started ingest;
    private static OutcomeDefinition definition;

    @BeforeAll
    static void startIngest(EmbeddedStack stack) throws Exception {
        lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        writer = new BarParquetWriter(work.resolve("duckdb"));
        definition = TestEnsembles.production().outcome();
        ingest = IngestHarness.start(IngestHarness.environment(stack, false, "PT5S"), lake);
    }

    @AfterAll
    static void stopIngest() throws Exception {
        ingest.close();
        writer.close();
    }

    /** Writes the day's bars, the last (by time) closing at {@code close}, to market-data/SYMBOL/DAY.parquet. */
    private static void putClose(Symbol symbol, TradingDate day, double close) throws Exception {
        Instant midnight = day.date().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Bar> bars = new ArrayList<>();
        bars.add(new Bar(midnight.plusSeconds(23 * 3600 + 59 * 60), symbol, close, close, close, close, 10));
        bars.add(new Bar(midnight, symbol, close * 0.97, close * 0.97, close * 0.97, close * 0.97, 10));
        bars.add(new Bar(midnight.plusSeconds(12 * 3600), symbol, close * 1.04, close * 1.04, close * 1.04, close * 1.04, 10));
        Path file = work.resolve(symbol.value() + "-" + day + ".parquet");
        writer.write(bars, file);
        lake.put(LakeKeys.marketData(symbol, day), file);
        Files.delete(file);
    }

    /** The history before DAY, DAY's close and, if given, later closes by offset from DAY; returns them all. */
    private static SortedMap<TradingDate, Double> putHistory(Symbol symbol, double closeOnDay) throws Exception {
        SortedMap<TradingDate, Double> closes = new TreeMap<>();
        for (int i = 0; i < HISTORY.length; i++) {
            TradingDate day = DAY.minusDays(HISTORY.length - i);
            putClose(symbol, day, HISTORY[i]);
            closes.put(day, HISTORY[i]);
        }
        putClose(symbol, DAY, closeOnDay);
        closes.put(DAY, closeOnDay);
        return closes;
    }

    private static void request(EmbeddedStack stack, Symbol symbol, String jobId) throws Exception {
        IngestHarness.produce(stack, Topic.JOBS_REQUESTED.topicName(), symbol.value(),
                "{\"symbol\":\"" + symbol + "\",\"date\":\"" + DAY + "\",\"jobId\":\"" + jobId + "\"}");
    }

    private static List<OutcomeRealized> outcomes(EmbeddedStack stack, String jobId, String what,
            java.util.function.Predicate<List<OutcomeRealized>> done) {
        return TopicReader.await(what, stack.kafkaSettings(), OUTCOMES, WAIT, TopicReader.keyed(jobId),
                records -> done.test(parse(records))).stream().map(r -> OUTCOME.parse(r.value())).toList();
    }

    private static List<OutcomeRealized> parse(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> OUTCOME.parse(r.value())).toList();
    }

    private static OutcomeRealized last(List<OutcomeRealized> outcomes) {
        return outcomes.get(outcomes.size() - 1);
    }

    /** What the calculator makes of the closes the test wrote, so the realizer's reading of the lake is checked exactly. */
    private static OutcomeRealized expected(String jobId, Symbol symbol, SortedMap<TradingDate, Double> closes,
            Instant computedAt) {
        return OutcomeCalculator.realize(JobId.of(jobId), symbol, DAY, closes, definition, computedAt).orElseThrow();
    }

    @Test
    void marketDataArrivingAfterTheJobRealizesItsOutcome(EmbeddedStack stack) throws Exception {
        Symbol aaa = Symbol.of("AAA");
        SortedMap<TradingDate, Double> closes = new TreeMap<>();
        for (int i = 0; i < HISTORY.length; i++) {
            putClose(aaa, DAY.minusDays(HISTORY.length - i), HISTORY[i]);
            closes.put(DAY.minusDays(HISTORY.length - i), HISTORY[i]);
        }
        request(stack, aaa, "aaa-after");
        TopicReader.await("the job is ready", stack.kafkaSettings(), Topic.JOBS_READY.topicName(), WAIT,
                TopicReader.keyed("aaa-after"), r -> !r.isEmpty());

        putClose(aaa, DAY, 100.5);
        putClose(aaa, DAY.plusDays(1), 105.525);
        closes.put(DAY, 100.5);
        closes.put(DAY.plusDays(1), 105.525);

        OutcomeRealized outcome = last(outcomes(stack, "aaa-after", "a REALIZED outcome", o -> !o.isEmpty()));
        assertEquals(OutcomeStatus.REALIZED, outcome.status());
        assertEquals("up", outcome.label());
        assertEquals(DAY.plusDays(1), outcome.horizonEnd());
        assertEquals(105.525 / 100.5 - 1, outcome.realizedReturn(), 1e-12);
        assertEquals(expected("aaa-after", aaa, closes, outcome.computedAt()), outcome);
        assertTrue(ingest.count("locness_outcomes_published", "status", "REALIZED") >= 1);
    }

    @Test
    void aJobWhoseMarketDataIsAlreadyInTheLakeIsRealizedAtOnce(EmbeddedStack stack) throws Exception {
        Symbol bbb = Symbol.of("BBB");
        SortedMap<TradingDate, Double> closes = putHistory(bbb, 100.5);
        putClose(bbb, DAY.plusDays(1), 99.0);
        closes.put(DAY.plusDays(1), 99.0);

        request(stack, bbb, "bbb-before");

        OutcomeRealized outcome = last(outcomes(stack, "bbb-before", "a REALIZED outcome", o -> !o.isEmpty()));
        assertEquals(OutcomeStatus.REALIZED, outcome.status());
        assertEquals("down", outcome.label());
        assertEquals(99.0 / 100.5 - 1, outcome.realizedReturn(), 1e-12);
        assertEquals(expected("bbb-before", bbb, closes, outcome.computedAt()), outcome);
    }

    @Test
    void aMissingHorizonDayIsNamedUntilItsLateFileRealizesTheOutcome(EmbeddedStack stack) throws Exception {
        Symbol ccc = Symbol.of("CCC");
        SortedMap<TradingDate, Double> closes = putHistory(ccc, 100.5);
        putClose(ccc, DAY.plusDays(2), 101.0);
        closes.put(DAY.plusDays(2), 101.0);

        request(stack, ccc, "ccc-missing");

        OutcomeRealized missing = last(outcomes(stack, "ccc-missing", "a MISSING_DATA outcome", o -> !o.isEmpty()));
        assertEquals(OutcomeStatus.MISSING_DATA, missing.status());
        assertEquals(List.of(DAY.plusDays(1)), missing.missingDays());

        putClose(ccc, DAY.plusDays(1), 100.51);
        closes.put(DAY.plusDays(1), 100.51);

        List<OutcomeRealized> all = outcomes(stack, "ccc-missing", "the late file's REALIZED outcome",
                o -> !o.isEmpty() && last(o).realized());
        OutcomeRealized realized = last(all);
        assertEquals("flat", realized.label(), "a 0.01 % move");
        assertEquals(expected("ccc-missing", ccc, closes, realized.computedAt()), realized);
        assertEquals(OutcomeStatus.MISSING_DATA, all.get(0).status(), "the first outcome said what was missing");
    }

    @Test
    void poisonRecordsGoToTheDlqWithTheirReasonAndTheLoopGoesOn(EmbeddedStack stack) throws Exception {
        IngestHarness.produce(stack, Topic.JOBS_READY.topicName(), "poison-1", "{not json");
        IngestHarness.produce(stack, Topic.JOBS_READY.topicName(), "bad key!", "{}");
        // Not an S3 event: the object-event trigger dead-letters it; the realizer passes over it.
        IngestHarness.produce(stack, Topic.LAKE_OBJECT_EVENTS.topicName(), "lake/garbage", "not an S3 event");
        // An upload where market data goes, but no day: the operator sees it in lake.object-events.dlq.
        Path file = work.resolve("stray.parquet");
        writer.write(List.of(new Bar(Instant.parse("2026-02-28T00:00:00Z"), Symbol.of("DDD"), 1, 1, 1, 1, 1)), file);
        lake.put(org.locness.events.id.ObjectKey.of("market-data/DDD/2026-02-30.parquet"), file);

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.await("two jobs.ready dead letters",
                stack.kafkaSettings(), Topic.JOBS_READY.dlqName(), WAIT,
                r -> "poison-1".equals(r.key()) || "bad key!".equals(r.key()), r -> r.size() >= 2);
        assertTrue(TopicReader.header(dead.get(0), DeadLetterRouter.REASON).contains("malformed JSON"),
                TopicReader.header(dead.get(0), DeadLetterRouter.REASON));
        List<ConsumerRecord<String, byte[]>> strays = TopicReader.await("the stray market data's dead letter",
                stack.kafkaSettings(), Topic.LAKE_OBJECT_EVENTS.dlqName(), WAIT,
                r -> r.key() != null && r.key().endsWith("market-data/DDD/2026-02-30.parquet"), r -> !r.isEmpty());
        assertTrue(TopicReader.header(strays.get(0), DeadLetterRouter.REASON).contains("2026-02-30"));

        Symbol fff = Symbol.of("FFF");
        putHistory(fff, 100.5);
        putClose(fff, DAY.plusDays(1), 110.0);
        request(stack, fff, "fff-after-poison");
        assertEquals("up", last(outcomes(stack, "fff-after-poison", "an outcome after the poison", o -> !o.isEmpty()))
                .label());
        assertEquals(List.of(), LoopHealth.downLoops(ingest.registry()));
        assertEquals(1.0, ingest.count("locness_outcomes_skipped", "reason", "undecodable_event"));
        assertTrue(ingest.count("locness_consumer_records", "loop", Component.ingestOutcomesGroup(), "outcome",
                "dead_lettered") >= 3);
    }

    @Test
    void aReDeliveredOrReplayedJobGetsTheSameOutcome(EmbeddedStack stack) throws Exception {
        Symbol eee = Symbol.of("EEE");
        putHistory(eee, 100.5);
        putClose(eee, DAY.plusDays(1), 100.0);
        request(stack, eee, "eee-replay");
        OutcomeRealized first = last(outcomes(stack, "eee-replay", "the first outcome", o -> !o.isEmpty()));
        byte[] ready = TopicReader.await("the job", stack.kafkaSettings(), Topic.JOBS_READY.topicName(), WAIT,
                TopicReader.keyed("eee-replay"), r -> !r.isEmpty()).get(0).value();

        double unchanged = ingest.count("locness_outcomes_skipped", "reason", "unchanged");
        IngestHarness.produce(stack, Topic.JOBS_READY.topicName(), "eee-replay", new String(ready,
                java.nio.charset.StandardCharsets.UTF_8));
        org.locness.testing.Await.until("the re-delivered job's outcome is found unchanged", WAIT,
                () -> ingest.count("locness_outcomes_skipped", "reason", "unchanged") > unchanged);

        // A fresh process remembers nothing: the replay publishes again, the same outcome.
        ingest.close();
        ingest = IngestHarness.start(IngestHarness.environment(stack, false, "PT5S"), lake);
        IngestHarness.produce(stack, Topic.JOBS_READY.topicName(), "eee-replay", new String(ready,
                java.nio.charset.StandardCharsets.UTF_8));
        List<OutcomeRealized> all = outcomes(stack, "eee-replay", "the replayed outcome", o -> o.size() >= 2);
        assertEquals(2, all.size(), "the re-delivery published nothing");
        OutcomeRealized replayed = all.get(1);
        assertEquals(first, new OutcomeRealized(replayed.jobId(), replayed.symbol(), replayed.date(),
                replayed.horizonEnd(), replayed.status(), replayed.closeAtDate(), replayed.closeAtHorizon(),
                replayed.realizedReturn(), replayed.label(), replayed.volatility(), replayed.volatilityDays(),
                replayed.flatThreshold(), replayed.missingDays(), first.computedAt()));
    }
}
