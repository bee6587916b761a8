package org.locness.cli.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.locness.cli.dlq.IngestFixture.read;
import static org.locness.cli.dlq.IngestFixture.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locness.cli.dlq.IngestFixture.Run;
import org.locness.events.InvalidEventException;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.service.IngestService;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;

/**
 * {@code locness dlq} on dead letters that ingest itself wrote: an invalid symbol, and two jobs
 * without market data (fixed, then replayed); plus one the router truncated, dead-lettered two days ago.
 */
@EmbeddedStackTest
class DlqCommandIT {
    private static final String REQUESTED = Topic.JOBS_REQUESTED.topicName();
    private static final String DLQ = Topic.JOBS_REQUESTED.dlqName();
    private static IngestService ingest;
    private static long ethOffset;
    private static long truncatedOffset;

    @BeforeAll
    static void rejectedRequests(EmbeddedStack stack) throws Exception {
        ingest = IngestFixture.start(stack);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("dlq-it"))) {
            producer.send(request("btc", "{\"symbol\":\"btc\"}")).get();
            ProducerRecord<String, byte[]> eth = request("ETH", "{\"symbol\":\"ETH\",\"jobId\":\"eth-replay-1\"}");
            eth.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
            producer.send(eth).get();
            producer.send(request("SOL", "{\"symbol\":\"SOL\",\"jobId\":\"sol-replay-1\"}")).get();
            Await.until("ingest to dead-letter three requests", Duration.ofSeconds(60),
                    () -> read(stack, DLQ).size() == 3);
            ethOffset = read(stack, DLQ).stream().filter(r -> "ETH".equals(r.key())).findFirst().orElseThrow().offset();
            truncatedOffset = producer.send(truncatedTwoDaysAgo()).get().offset();
        }
    }

    @AfterAll
    static void stopIngest() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void lsListsEachDeadLetterWithItsProvenance(EmbeddedStack stack) {
        Run ls = run(stack, "dlq", "ls", "jobs.requested");

        assertEquals(0, ls.exit(), ls.toString());
        List<String> lines = ls.out().lines().toList();
        assertEquals(5, lines.size(), ls.toString());
        assertTrue(lines.get(1).matches("0 \\d+ \\S+Z btc \\d+ jobs\\.requested/\\d/\\d+ symbol .+"), ls.toString());
        assertEquals(2, lines.stream().filter(l -> l.contains(" input input: no-input: ")).count(), ls.toString());
        assertTrue(lines.get(4).contains(" (truncated) jobs.requested/"), ls.toString());
        assertTrue(ls.err().contains("4 record(s) in jobs.requested.dlq"), ls.toString());
    }

    @Test
    void showPrintsKeyHeadersAndValueAndSaysWhenTheValueIsTruncated(EmbeddedStack stack) {
        Run show = run(stack, "dlq", "show", "jobs.requested.dlq", Long.toString(ethOffset));

        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("key:     ETH"), show.toString());
        assertTrue(show.out().contains("  trace: abc"), show.toString());
        assertTrue(show.out().contains("  dlq_reason: input: no-input: "), show.toString());
        assertTrue(show.out().contains("  dlq_source_topic: jobs.requested"), show.toString());
        assertTrue(show.out().contains("{\"symbol\":\"ETH\",\"jobId\":\"eth-replay-1\"}"), show.toString());

        Run truncated = run(stack, "dlq", "show", "jobs.requested", Long.toString(truncatedOffset));
        assertTrue(truncated.out().contains("value:   TRUNCATED to its first "), truncated.toString());
        assertTrue(truncated.out().contains("the original was 2000 bytes, sha256 "), truncated.toString());

        assertEquals(3, run(stack, "dlq", "show", "jobs.requested", "999").exit());
    }

    @Test
    void replayRepublishesTheOriginalsOnceAndIngestThenAcceptsThem(EmbeddedStack stack) throws Exception {
        // A dry run says what it would do and publishes nothing
        Run dry = run(stack, "dlq", "replay", "jobs.requested", "--reason", "no-input", "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("would replay 2, already replayed 0, refused 0, not selected 2"), dry.toString());
        assertTrue(replays(stack).isEmpty(), "a dry run published " + replays(stack));

        // Once the cause is fixed (market data for ETH and SOL), replaying by reason re-drives exactly those two
        var lake = IngestFixture.lake(stack);
        IngestFixture.putMarketData(lake, "market-data/ETH/2020-01-02.parquet");
        IngestFixture.putMarketData(lake, "market-data/SOL/2020-01-02.parquet");
        Run replay = run(stack, "dlq", "replay", "jobs.requested.dlq", "--reason", "no-input");
        assertEquals(0, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("replayed 2, already replayed 0, refused 0, not selected 2"), replay.toString());

        List<ConsumerRecord<String, byte[]>> replays = replays(stack);
        assertEquals(2, replays.size());
        ConsumerRecord<String, byte[]> eth = replays.stream().filter(r -> "ETH".equals(r.key())).findFirst().orElseThrow();
        assertEquals("{\"symbol\":\"ETH\",\"jobId\":\"eth-replay-1\"}", new String(eth.value(), StandardCharsets.UTF_8));
        assertEquals("abc", header(eth, "trace"));
        assertEquals(DLQ + "/0/" + ethOffset, header(eth, DeadLetterReplayer.REPLAYED_FROM));
        assertNull(header(eth, DeadLetterRouter.REASON), "the replay carries the dlq_* headers");
        Await.until("ingest to accept the replayed requests", Duration.ofSeconds(60),
                () -> readyJobs(stack).containsAll(List.of("eth-replay-1", "sol-replay-1")));

        // A second replay finds them marked and replays nothing
        Run again = run(stack, "dlq", "replay", "jobs.requested", "--reason", "no-input");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("replayed 0, already replayed 2, refused 0, not selected 2"), again.toString());
        assertEquals(2, replays(stack).size());
    }

    @Test
    void aTruncatedDeadLetterIsRefusedAndNothingIsPublished(EmbeddedStack stack) {
        Run replay = run(stack, "dlq", "replay", "jobs.requested", "--reason", "too big to carry");

        assertEquals(3, replay.exit(), replay.toString());
        assertTrue(replay.out().contains("refused " + DLQ + "/0/" + truncatedOffset + ": the value is truncated to "),
                replay.toString());
        assertTrue(replay.out().contains("the original was 2000 bytes"), replay.toString());
        assertFalse(replays(stack).stream().anyMatch(r -> header(r, DeadLetterReplayer.REPLAYED_FROM)
                .endsWith("/" + truncatedOffset)));
    }

    @Test
    void sinceLeavesOutWhatWasDeadLetteredEarlier(EmbeddedStack stack) {
        Run dry = run(stack, "dlq", "replay", "jobs.requested", "--since", "P1D", "--dry-run");

        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("refused 0, not selected 1"), dry.toString());
        assertTrue(dry.out().contains("would replay " + DLQ + "/0/0 (key btc"), dry.toString());
    }

    @Test
    void argumentsAreCheckedBeforeKafkaIsContacted() {
        // Port 1 has no broker: an answer at all shows nothing was asked of Kafka.
        Run ls = IngestFixture.run("127.0.0.1:1", "dlq", "ls", "jobs.requsted");
        assertEquals(2, ls.exit(), ls.toString());
        assertTrue(ls.err().contains("'jobs.requsted' is not a Locness topic"), ls.toString());
        Run since = IngestFixture.run("127.0.0.1:1", "dlq", "replay", "jobs.requested", "--since", "yesterday");
        assertEquals(2, since.exit(), since.toString());
        assertTrue(since.err().contains("--since: 'yesterday'"), since.toString());
    }

    private static ProducerRecord<String, byte[]> request(String key, String json) {
        return new ProducerRecord<>(REQUESTED, key, json.getBytes(StandardCharsets.UTF_8));
    }

    /** What {@link DeadLetterRouter} writes for a value too large for a request, here a small one. */
    private static ProducerRecord<String, byte[]> truncatedTwoDaysAgo() {
        byte[] value = new byte[2000];
        Arrays.fill(value, (byte) 'x');
        long twoDaysAgo = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        ConsumerRecord<String, byte[]> source = new ConsumerRecord<>(REQUESTED, 1, 77, twoDaysAgo,
                TimestampType.CREATE_TIME, 3, value.length, "XRP", value, new org.apache.kafka.common.header.internals
                .RecordHeaders(), java.util.Optional.empty());
        ProducerRecord<String, byte[]> letter = DeadLetterRouter.deadLetter(source,
                new InvalidEventException("value", "too big to carry"), 9 * 1024);
        return new ProducerRecord<>(DLQ, null, twoDaysAgo, letter.key(), letter.value(), letter.headers());
    }

    private static List<ConsumerRecord<String, byte[]>> replays(EmbeddedStack stack) {
        return read(stack, REQUESTED).stream().filter(r -> header(r, DeadLetterReplayer.REPLAYED_FROM) != null).toList();
    }

    private static List<String> readyJobs(EmbeddedStack stack) {
        return read(stack, Topic.JOBS_READY.topicName()).stream().map(ConsumerRecord::key).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse(null);
    }
}
