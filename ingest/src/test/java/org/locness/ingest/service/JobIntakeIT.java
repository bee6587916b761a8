package org.locness.ingest.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.lake.LakeKeys;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.intake.JobLedger;
import org.locness.ingest.intake.LedgerEntry;
import org.locness.ingest.intake.RequestSource;
import org.locness.ingest.submit.JobRejectedException;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.ingest.testing.IngestHarness;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.lake.s3.Lake;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/** Job intake on a real broker and lake: requests in, prepared jobs (or DLQ records) out. */
@EmbeddedStackTest
class JobIntakeIT {
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String READY_TOPIC = Topic.JOBS_READY.topicName();
    private static final String REQUESTED = Topic.JOBS_REQUESTED.topicName();
    private static final TradingDate MARCH_10 = TradingDate.of("2026-03-10");

    @TempDir
    static Path work;
    private static Lake lake;
    private static IngestHarness.Started ingest;

    @BeforeAll
    static void startIngest(EmbeddedStack stack) throws Exception {
        lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        for (String symbol : List.of("SOL", "SUB")) {
            LakeFixtures.putBars(lake, work, LakeKeys.marketData(Symbol.of(symbol), MARCH_10), Symbol.of(symbol), MARCH_10);
        }
        ingest = IngestHarness.start(IngestHarness.environment(stack, false, "PT5S"), lake);
    }

    @AfterAll
    static void stopIngest() {
        ingest.close();
    }

    private static List<JobReady> jobs(EmbeddedStack stack, Set<String> jobIds, String until) {
        return TopicReader.read(stack.kafkaSettings(), READY_TOPIC, WAIT, r -> jobIds.contains(r.key()),
                records -> records.stream().anyMatch(r -> r.key().equals(until)))
                .stream().map(r -> READY.parse(r.value())).toList();
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, WAIT, condition::getAsBoolean);
    }

    @Test
    void aKcatRequestWithOnlyASymbolBecomesAPreparedJobWithItsPreSweptInputArchived(EmbeddedStack stack)
            throws Exception {
        Symbol btc = Symbol.of("BTC");
        TradingDate today = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(btc, "bars-1.parquet"), btc, today);
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(btc, "late/bars-2.parquet"), btc, today);
        // Today's context and tomorrow's: a job takes its own day's, never a later one.
        for (TradingDate day : List.of(today, today.plusDays(1))) {
            LakeFixtures.putBars(lake, work, LakeKeys.dailyPrepared(day), btc, day);
        }
        LakeFixtures.putBars(lake, work, LakeKeys.unifiedPatterns(today.minusDays(1)), btc, today);

        IngestHarness.kcat(stack, REQUESTED, "BTC", "{\"symbol\":\"BTC\"}");

        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(stack.kafkaSettings(), READY_TOPIC, WAIT,
                r -> r.key().startsWith("BTC-"), r -> !r.isEmpty());
        assertEquals(1, records.size());
        JobReady job = READY.parse(records.get(0).value());
        TradingDate date = job.date();
        assertEquals(TradingDate.of(LocalDate.ofInstant(job.requestedAt(), ZoneOffset.UTC)), date, "today, UTC");
        assertEquals(JobId.derive(btc, date, 1), job.jobId());
        assertEquals(job.jobId().value(), records.get(0).key());
        assertEquals(List.of(ObjectKey.of("daily-archived/" + date + "/BTC/bars-1.parquet"),
                ObjectKey.of("daily-archived/" + date + "/BTC/late/bars-2.parquet")), job.inputKeys());
        assertEquals(LakeKeys.dailyPrepared(date), job.contextKey());
        assertFalse(job.contextStale());
        assertEquals(LakeKeys.unifiedPatterns(today.minusDays(1)), job.patternsKey());
        assertEquals(Map.of("gemma-7b", 1.5, "mistral-7b", 1.4, "gemma-4b", 1.0, "qwen-7b", 1.4, "gemma-2b", 0.7,
                "phi-3-mini", 0.9), job.expectedModels().stream()
                .collect(Collectors.toMap(m -> m.model().value(), ExpectedModel::weight)));
        assertEquals(3, job.modelsOn(NodeName.of("vm1")).size());
        String reference = TopicReader.header(records.get(0), RequestSource.HEADER);
        assertTrue(reference.startsWith("jobs.requested/"), reference);

        assertEquals(List.of(), LakeFixtures.keys(lake, LakeKeys.preSweptPrefix(btc)));
        assertTrue(lake.exists(job.inputKeys().get(0)));
        assertTrue(lake.exists(job.inputKeys().get(1)));
        List<LedgerEntry> ledger = new JobLedger(lake).entries(btc, date);
        assertEquals(1, ledger.size());
        assertEquals(job.jobId(), ledger.get(0).jobId());
        assertEquals(reference, ledger.get(0).source().reference());

        await(() -> ingest.count("locness_ingest_jobs_ready") >= 1, "the jobs-ready counter");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ingest.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String meter : List.of("locness_ingest_requests_accepted_total", "locness_ingest_jobs_ready_total",
                "locness_ingest_prep_duration_seconds_count", "locness_ingest_object_events_total")) {
            assertTrue(metrics.body().contains(meter), meter + " missing from /metrics");
        }
    }

    @Test
    void withoutPreSweptObjectsTheNewestMarketDataIsTheInputAndAnOlderContextIsFlaggedStale(EmbeddedStack stack)
            throws Exception {
        Symbol eth = Symbol.of("ETH");
        for (String day : List.of("2026-03-08", "2026-03-09", "2026-03-11")) {
            LakeFixtures.putBars(lake, work, LakeKeys.marketData(eth, TradingDate.of(day)), eth, TradingDate.of(day));
        }
        LakeFixtures.putBars(lake, work, LakeKeys.dailyPrepared(TradingDate.of("2026-03-07")), eth, MARCH_10);
        String request = "{\"symbol\":\"ETH\",\"date\":\"2026-03-10\",\"models\":[\"qwen-7b\",\"gemma-7b\"]}";

        IngestHarness.produce(stack, REQUESTED, "ETH", request);
        IngestHarness.produce(stack, REQUESTED, "ETH", "{\"symbol\":\"ETH\",\"date\":\"2026-03-10\"}");

        List<JobReady> jobs = jobs(stack, Set.of("ETH-2026-03-10-001", "ETH-2026-03-10-002"), "ETH-2026-03-10-002");
        assertEquals(2, jobs.size());
        JobReady first = jobs.stream().filter(j -> j.jobId().value().endsWith("-001")).findFirst().orElseThrow();
        assertEquals(List.of(LakeKeys.marketData(eth, TradingDate.of("2026-03-09"))), first.inputKeys());
        assertEquals(LakeKeys.dailyPrepared(TradingDate.of("2026-03-07")), first.contextKey());
        assertTrue(first.contextStale());
        assertNull(first.patternsKey(), "no patterns on or before the job's day");
        assertEquals(List.of(new ExpectedModel(ModelName.of("gemma-7b"), NodeName.of("vm1"), 1.5),
                new ExpectedModel(ModelName.of("qwen-7b"), NodeName.of("vm2"), 1.4)), first.expectedModels());
        JobReady second = jobs.stream().filter(j -> j.jobId().value().endsWith("-002")).findFirst().orElseThrow();
        assertEquals(6, second.expectedModels().size());
        assertTrue(lake.exists(LakeKeys.marketData(eth, TradingDate.of("2026-03-09"))), "market data is used in place");
    }

    @Test
    void theSameExplicitJobIdTwiceMakesOneJob(EmbeddedStack stack) throws Exception {
        double duplicatesBefore = ingest.count("locness_ingest_requests_duplicate");
        String request = "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"sol-dup-1\"}";
        IngestHarness.produce(stack, REQUESTED, "SOL", request);
        IngestHarness.produce(stack, REQUESTED, "SOL", request);
        IngestHarness.produce(stack, REQUESTED, "SOL", "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"sol-marker\"}");

        List<JobReady> jobs = jobs(stack, Set.of("sol-dup-1", "sol-marker"), "sol-marker");

        assertEquals(1, jobs.stream().filter(j -> j.jobId().value().equals("sol-dup-1")).count());
        assertEquals(1, jobs.stream().filter(j -> j.jobId().value().equals("sol-marker")).count());
        await(() -> ingest.count("locness_ingest_requests_duplicate") == duplicatesBefore + 1, "the duplicate counter");
    }

    private static List<ConsumerRecord<String, byte[]>> rejected(EmbeddedStack stack, Set<String> keys) {
        return TopicReader.read(stack.kafkaSettings(), Topic.JOBS_REQUESTED.dlqName(), WAIT,
                r -> keys.contains(r.key()), r -> r.size() >= keys.size());
    }

    private static void assertRejected(ConsumerRecord<String, byte[]> record, String field, String value) {
        assertEquals(field, TopicReader.header(record, DeadLetterRouter.FIELD), record.key());
        assertEquals(REQUESTED, TopicReader.header(record, DeadLetterRouter.SOURCE_TOPIC));
        assertEquals(value, TopicReader.value(record), "the original bytes");
    }

    @Test
    void aJobIdReusedForAnotherSymbolDateOrModelsIsRejectedNamingTheJobItAlreadyIs(EmbeddedStack stack)
            throws Exception {
        String first = "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"reuse-1\"}";
        IngestHarness.produce(stack, REQUESTED, 0, "SOL", first);
        assertEquals(1, jobs(stack, Set.of("reuse-1"), "reuse-1").size());
        Map<String, String> reuses = Map.of(
                "reuse-symbol", "{\"symbol\":\"SUB\",\"date\":\"2026-03-10\",\"jobId\":\"reuse-1\"}",
                "reuse-date", "{\"symbol\":\"SOL\",\"date\":\"2026-03-11\",\"jobId\":\"reuse-1\"}",
                "reuse-models", "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"reuse-1\","
                        + "\"models\":[\"gemma-7b\"]}");
        int partition = 1;
        for (Map.Entry<String, String> reuse : reuses.entrySet()) {
            IngestHarness.produce(stack, REQUESTED, partition++ % 3, reuse.getKey(), reuse.getValue());
        }
        IngestHarness.produce(stack, REQUESTED, 2, "reuse-same", first);
        IngestHarness.produce(stack, REQUESTED, 2, "SOL", "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"reuse-marker\"}");

        for (ConsumerRecord<String, byte[]> record : rejected(stack, reuses.keySet())) {
            assertRejected(record, "jobId", reuses.get(record.key()));
            String reason = TopicReader.header(record, DeadLetterRouter.REASON);
            assertTrue(reason.startsWith("jobId: 'reuse-1' is already the job for SOL on 2026-03-10"), reason);
            assertTrue(reason.contains("jobs.requested/0/"), "names the request that made it: " + reason);
        }
        List<JobReady> jobs = jobs(stack, Set.of("reuse-1", "reuse-marker"), "reuse-marker");
        List<JobReady> reused = jobs.stream().filter(j -> j.jobId().value().equals("reuse-1")).toList();
        assertEquals(1, reused.size(), "one job, not one per reuse, and the same request again is a duplicate");
        assertEquals(Symbol.of("SOL"), reused.get(0).symbol());
        assertEquals(MARCH_10, reused.get(0).date());
        assertEquals(6, reused.get(0).expectedModels().size());
        // The marker followed the duplicate on its partition, so the duplicate's outcome is committed too.
        assertEquals(List.of(), TopicReader.read(stack.kafkaSettings(), Topic.JOBS_REQUESTED.dlqName(), WAIT,
                r -> r.key().equals("reuse-same"), r -> true), "a duplicate is not an error");
    }

    @Test
    void twoRequestsForOneJobIdSentTogetherOnDifferentPartitionsMakeOneJobAndOneRejection(EmbeddedStack stack)
            throws Exception {
        String sol = "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"race-1\"}";
        String sub = "{\"symbol\":\"SUB\",\"date\":\"2026-03-10\",\"jobId\":\"race-1\"}";
        IngestHarness.produce(stack, REQUESTED, 0, "SOL", sol);
        IngestHarness.produce(stack, REQUESTED, 2, "SUB", sub);

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(stack.kafkaSettings(),
                Topic.JOBS_REQUESTED.dlqName(), WAIT, r -> TopicReader.value(r).contains("race-1"), r -> !r.isEmpty());
        List<JobReady> jobs = jobs(stack, Set.of("race-1"), "race-1");

        assertEquals(1, jobs.size());
        assertEquals(1, dead.size());
        JobReady winner = jobs.get(0);
        assertRejected(dead.get(0), "jobId", winner.symbol().equals(Symbol.of("SOL")) ? sub : sol);
        assertTrue(TopicReader.header(dead.get(0), DeadLetterRouter.REASON)
                .startsWith("jobId: 'race-1' is already the job for " + winner.symbol() + " on 2026-03-10"));
    }

    @Test
    void aDateAfterTomorrowOrBeforeTheEpochIsRejectedNamingTheBoundAndIntakeGoesOn(EmbeddedStack stack)
            throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String tomorrow = "{\"symbol\":\"SOL\",\"date\":\"" + today.plusDays(1) + "\",\"jobId\":\"tomorrow-ok\"}";
        Map<String, String> bad = Map.of(
                "far-future", "{\"symbol\":\"SOL\",\"date\":\"9999-12-31\"}",
                "day-after-tomorrow", "{\"symbol\":\"SOL\",\"date\":\"" + today.plusDays(2) + "\"}",
                "before-epoch", "{\"symbol\":\"SOL\",\"date\":\"0026-03-10\"}");
        for (Map.Entry<String, String> request : bad.entrySet()) {
            IngestHarness.produce(stack, REQUESTED, request.getKey(), request.getValue());
        }
        IngestHarness.produce(stack, REQUESTED, "SOL", tomorrow);

        for (ConsumerRecord<String, byte[]> record : rejected(stack, bad.keySet())) {
            assertRejected(record, "date", bad.get(record.key()));
            String reason = TopicReader.header(record, DeadLetterRouter.REASON);
            if (record.key().equals("before-epoch")) {
                assertTrue(reason.contains("before 1970-01-01"), reason);
            } else {
                LocalDate now = LocalDate.now(ZoneOffset.UTC);
                assertTrue(reason.contains("after " + today.plusDays(1)) || reason.contains("after " + now.plusDays(1)),
                        reason);
                assertTrue(reason.contains("LOCNESS_INGEST_MAX_DAYS_AHEAD"), reason);
            }
        }
        assertEquals(1, jobs(stack, Set.of("tomorrow-ok"), "tomorrow-ok").size(), "tomorrow is accepted, intake went on");
        try (JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), WAIT)) {
            JobRejectedException e = assertThrows(JobRejectedException.class, () -> submitter.submit(
                    new JobRequested(Symbol.of("SOL"), TradingDate.of("9999-12-31"), null, null)));
            assertTrue(e.reason().startsWith("date: '9999-12-31' is after "), e.reason());
        }
    }

    @Test
    void eachBadRequestLandsInTheDlqWithItsReasonWhileIntakeGoesOn(EmbeddedStack stack) throws Exception {
        Map<String, String> bad = Map.of(
                "bad-malformed", "{\"symbol\":",
                "bad-traversal", "{\"symbol\":\"../etc\"}",
                "bad-lower-case", "{\"symbol\":\"btc\"}",
                "bad-model", "{\"symbol\":\"SOL\",\"models\":[\"gpt-5\"]}",
                "bad-date", "{\"symbol\":\"SOL\",\"date\":\"2026-02-30\"}",
                "bad-input", "{\"symbol\":\"NOINPUT\"}");
        Map<String, String> reasons = Map.of(
                "bad-malformed", "$: malformed JSON",
                "bad-traversal", "symbol: '../etc' is not a symbol",
                "bad-lower-case", "symbol: 'btc' is not a symbol",
                "bad-model", "models: unknown model(s) [gpt-5]; the ensemble has [gemma-7b",
                "bad-date", "date: '2026-02-30' does not exist in the calendar",
                "bad-input", "input: no-input: nothing under pre-swept/NOINPUT/ and no market-data/NOINPUT/");
        double symbolRejectsBefore = ingest.count("locness_ingest_requests_rejected", "reason", "symbol");
        for (Map.Entry<String, String> request : bad.entrySet()) {
            IngestHarness.produce(stack, REQUESTED, request.getKey(), request.getValue());
        }
        IngestHarness.produce(stack, REQUESTED, "SOL", "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"after-bad\"}");

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(stack.kafkaSettings(),
                Topic.JOBS_REQUESTED.dlqName(), WAIT, r -> bad.containsKey(r.key()), r -> r.size() >= bad.size());
        assertEquals(bad.keySet(), dead.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
        for (ConsumerRecord<String, byte[]> record : dead) {
            String reason = TopicReader.header(record, DeadLetterRouter.REASON);
            assertTrue(reason.startsWith(reasons.get(record.key())), record.key() + ": " + reason);
            assertEquals(bad.get(record.key()), TopicReader.value(record), "the original bytes");
            assertEquals(REQUESTED, TopicReader.header(record, DeadLetterRouter.SOURCE_TOPIC));
        }
        assertEquals(1, jobs(stack, Set.of("after-bad"), "after-bad").size(), "intake went on");
        await(() -> ingest.count("locness_ingest_requests_rejected", "reason", "symbol") == symbolRejectsBefore + 2,
                "two symbol rejections counted");
        for (String reason : List.of("malformed", "models", "date", "no-input")) {
            await(() -> ingest.count("locness_ingest_requests_rejected", "reason", reason) >= 1, reason + " counted");
        }
        assertTrue(ingest.service().failure().isEmpty());
    }

    @Test
    void aRequestAtTheBrokersLimitLandsInTheDlqTruncatedAndTheJobsAfterItBecomeReady(EmbeddedStack stack)
            throws Exception {
        byte[] big = IngestHarness.produceAtTheBrokersLimit(stack, REQUESTED, "big");
        IngestHarness.produce(stack, REQUESTED, "SOL", "{\"symbol\":\"SOL\",\"date\":\"2026-03-10\",\"jobId\":\"after-big\"}");

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(stack.kafkaSettings(),
                Topic.JOBS_REQUESTED.dlqName(), WAIT, r -> r.key().equals("big"), r -> !r.isEmpty());
        assertEquals(1, dead.size());
        ConsumerRecord<String, byte[]> record = dead.get(0);
        assertEquals("true", TopicReader.header(record, DeadLetterRouter.VALUE_TRUNCATED));
        assertEquals(Integer.toString(big.length), TopicReader.header(record, DeadLetterRouter.ORIGINAL_SIZE));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)),
                TopicReader.header(record, DeadLetterRouter.ORIGINAL_SHA256));
        assertTrue(TopicReader.header(record, DeadLetterRouter.REASON).startsWith("$: malformed JSON"));
        assertArrayEquals(Arrays.copyOf(big, record.value().length), record.value(), "the value's first bytes");
        assertEquals(1, jobs(stack, Set.of("after-big"), "after-big").size(), "intake went on");
        assertTrue(ingest.service().failure().isEmpty());
    }

    @Test
    void theSubmitterLearnsTheJobIdTheRejectionOrTheConsensus(EmbeddedStack stack) throws Exception {
        Symbol sub = Symbol.of("SUB");
        try (JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), WAIT)) {
            Optional<JobId> derived = submitter.submit(new JobRequested(sub, MARCH_10, null, null));
            assertEquals(Optional.of(JobId.derive(sub, MARCH_10, 1)), derived);

            Optional<JobId> explicit = submitter.submit(new JobRequested(sub, MARCH_10, JobId.of("sub-explicit"), null));
            assertEquals(Optional.of(JobId.of("sub-explicit")), explicit);

            JobRejectedException rejected = assertThrows(JobRejectedException.class,
                    () -> submitter.submit(JobRequested.forSymbol(Symbol.of("NOTHING"))));
            assertTrue(rejected.reason().contains("no-input"), rejected.reason());

            ConsensusPrediction consensus = new ConsensusPrediction(derived.get(), sub, MARCH_10,
                    ConsensusStatus.COMPLETE, false, "up", Map.of("up", 0.6, "down", 0.3, "flat", 0.1), 0.6, 0.8, 0.9,
                    List.of(ModelName.of("gemma-7b")), List.of(), List.of(), null, Instant.now(), null);
            IngestHarness.produce(stack, Topic.PREDICTIONS_CONSENSUS.topicName(), "SUB", "not a consensus");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("it-agg"))) {
                new EventPublisher(producer, "it", Clock.systemUTC()).publish(consensus);
            }
            assertEquals(Optional.of(consensus), submitter.awaitConsensus(derived.get(), WAIT));
            assertEquals(Optional.empty(), submitter.awaitConsensus(JobId.of("never-published"), Duration.ofMillis(500)));
        }
        try (JobSubmitter impatient = JobSubmitter.connect(stack.kafkaSettings(), Duration.ZERO)) {
            assertEquals(Optional.empty(), impatient.submit(new JobRequested(sub, MARCH_10, null, null)),
                    "no answer awaited, no id known");
        }
    }
}
