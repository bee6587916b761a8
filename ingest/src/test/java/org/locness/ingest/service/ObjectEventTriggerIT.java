package org.locness.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.lake.LakeKeys;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.testing.IngestHarness;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.lake.s3.Lake;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/** Uploads under {@code pre-swept/<SYMBOL>/} request jobs by themselves, one per burst. */
@EmbeddedStackTest
class ObjectEventTriggerIT {
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final EventCodec<JobRequested> REQUESTED = EventCodec.of(JobRequested.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough that five back-to-back uploads on a busy machine stay one burst. */
    private static final String DEBOUNCE = "PT2S";

    @TempDir
    static Path work;
    private static Lake lake;
    private static IngestHarness.Started ingest;

    @BeforeAll
    static void startIngest(EmbeddedStack stack) throws Exception {
        lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        ingest = IngestHarness.start(IngestHarness.environment(stack, true, DEBOUNCE), lake);
    }

    @AfterAll
    static void stopIngest() {
        ingest.close();
    }

    private static List<ConsumerRecord<String, byte[]>> requestsFor(EmbeddedStack stack, String symbol, String until) {
        return TopicReader.read(stack.kafkaSettings(), Topic.JOBS_REQUESTED.topicName(), WAIT,
                r -> r.key().equals(symbol) || r.key().equals(until),
                r -> r.stream().anyMatch(x -> x.key().equals(until))).stream().filter(r -> r.key().equals(symbol)).toList();
    }

    private static List<JobReady> readyFor(EmbeddedStack stack, String symbol) {
        return TopicReader.read(stack.kafkaSettings(), Topic.JOBS_READY.topicName(), WAIT,
                r -> r.key().startsWith(symbol + "-"), r -> !r.isEmpty())
                .stream().map(r -> READY.parse(r.value())).toList();
    }

    /** Uploads an object under a fresh symbol and waits for its job request: everything seen before is done. */
    private static void settle(EmbeddedStack stack, String marker) {
        Symbol symbol = Symbol.of(marker);
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(symbol, "bars.parquet"), symbol, today());
        requestsFor(stack, marker, marker);
    }

    private static TradingDate today() {
        return TradingDate.of(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void anUploadUnderPreSweptRequestsAJobForItsSymbol(EmbeddedStack stack) {
        Symbol auto = Symbol.of("AUTO");
        LakeFixtures.putBars(lake, work, LakeKeys.preSwept(auto, "bars.parquet"), auto, today());

        List<JobReady> jobs = readyFor(stack, "AUTO");

        assertEquals(1, jobs.size());
        JobReady job = jobs.get(0);
        assertEquals(List.of(LakeKeys.dailyArchived(job.date(), auto, LakeKeys.preSwept(auto, "bars.parquet"))),
                job.inputKeys());
        assertEquals(List.of(), LakeFixtures.keys(lake, LakeKeys.preSweptPrefix(auto)));
        ConsumerRecord<String, byte[]> request = requestsFor(stack, "AUTO", "AUTO").get(0);
        assertEquals(JobRequested.forSymbol(auto), REQUESTED.parse(request.value()));
        assertEquals("locness/ingest", TopicReader.header(request, CloudEventHeaders.SOURCE));
    }

    @Test
    void aBurstOfUploadsForOneSymbolMakesOneJob(EmbeddedStack stack) throws Exception {
        Symbol burst = Symbol.of("BURST");
        LakeFixtures.putBars(lake, work, LakeKeys.marketData(burst, today()), burst, today());
        Path file = work.resolve("burst.parquet");
        lake.get(LakeKeys.marketData(burst, today()), file);
        List<ObjectKey> parts = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> LakeKeys.preSwept(burst, "part-" + i + ".parquet")).toList();
        for (ObjectKey part : parts) {
            lake.put(part, file);
        }

        settle(stack, "MARK1");

        assertEquals(1, requestsFor(stack, "BURST", "MARK1").size(), "one request for the burst");
        List<JobReady> jobs = readyFor(stack, "BURST");
        assertEquals(1, jobs.size());
        assertEquals(parts.stream().map(p -> LakeKeys.dailyArchived(jobs.get(0).date(), burst, p)).toList(),
                jobs.get(0).inputKeys());
        Await.until("the burst's puts and the marker's counted as triggers", WAIT,
                () -> ingest.count("locness_ingest_object_events", "kind", "put", "action", "trigger") >= 6);
        Await.until("the MOVE's copies into daily-archived/ counted and ignored", WAIT,
                () -> ingest.count("locness_ingest_object_events", "kind", "copy", "action", "ignore") >= 5);
        Await.until("the MOVE's deletes from pre-swept/ counted and ignored", WAIT,
                () -> ingest.count("locness_ingest_object_events", "kind", "delete", "action", "ignore") >= 5);
    }

    @Test
    void otherPrefixesAndDeletesRequestNothing(EmbeddedStack stack) {
        Symbol other = Symbol.of("OTHER");
        ObjectKey marketData = LakeKeys.marketData(other, today());
        LakeFixtures.putBars(lake, work, marketData, other, today());
        lake.delete(marketData);

        settle(stack, "MARK2");

        assertEquals(List.of(), requestsFor(stack, "OTHER", "MARK2"));
    }

    @Test
    void undecodableEventsAndMisplacedUploadsGoToTheDlqAndTheTriggerGoesOn(EmbeddedStack stack) throws Exception {
        IngestHarness.produce(stack, Topic.LAKE_OBJECT_EVENTS.topicName(), "lake/garbage", "not an S3 event");
        IngestHarness.produce(stack, Topic.LAKE_OBJECT_EVENTS.topicName(), "lake/no-records", "{\"Records\":[]}");
        LakeFixtures.putBars(lake, work, ObjectKey.of("pre-swept/btc/bars.parquet"), Symbol.of("BTC"), today());

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(stack.kafkaSettings(),
                Topic.LAKE_OBJECT_EVENTS.dlqName(), WAIT, r -> true, r -> r.size() >= 3);

        assertEquals(3, dead.size());
        assertTrue(dead.stream().anyMatch(r -> r.key().equals("lake/garbage")
                && TopicReader.header(r, DeadLetterRouter.REASON).startsWith("$: malformed JSON")));
        assertTrue(dead.stream().anyMatch(r -> r.key().equals("lake/no-records")
                && TopicReader.header(r, DeadLetterRouter.REASON).startsWith("Records: is required")));
        assertTrue(dead.stream().anyMatch(r -> r.key().equals("lake/pre-swept/btc/bars.parquet")
                && TopicReader.header(r, DeadLetterRouter.REASON).contains("'btc' is not a symbol")));
        settle(stack, "MARK3");
        Await.until("the rejected events counted", WAIT,
                () -> ingest.count("locness_ingest_object_events", "kind", "invalid", "action", "dead_letter") >= 3);
        assertTrue(ingest.service().failure().isEmpty());
    }
}
