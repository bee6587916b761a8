package org.locness.cli.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.locness.cli.dlq.IngestFixture.read;
import static org.locness.cli.dlq.IngestFixture.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locness.cli.dlq.IngestFixture.Run;
import org.locness.cli.dlq.IngestFixture;
import org.locness.events.id.Symbol;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.service.IngestService;
import org.locness.lake.s3.Lake;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;

/** {@code locness backfill} against a running ingest: N symbols x M days become N x M jobs, once. */
@EmbeddedStackTest
class BackfillCommandIT {
    private static IngestService ingest;

    @BeforeAll
    static void marketDataAndIngest(EmbeddedStack stack) {
        ingest = IngestFixture.start(stack);
        Lake lake = IngestFixture.lake(stack);
        IngestFixture.putMarketData(lake, "market-data/BTC/2025-01-01.parquet");
        IngestFixture.putMarketData(lake, "market-data/ETH/2025-01-01.parquet");
        IngestFixture.putMarketData(lake, "market-data/ETH/2025-01-02.parquet");
        IngestFixture.putMarketData(lake, "market-data/readme.txt");
    }

    @AfterAll
    static void stopIngest() {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void oneJobPerSymbolAndWeekdayAndARerunAddsNone(EmbeddedStack stack) throws Exception {
        // Friday 3 to Monday 6 January 2025, weekdays only: 2 days x 2 symbols
        Run first = run(stack, "backfill", "--from", "2025-01-03", "--to", "2025-01-06", "--symbols", "BTC,ETH",
                "--weekdays-only");

        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("[1/4] BTC 2025-01-03 submitted as BTC-2025-01-03-bf"), first.toString());
        assertTrue(first.out().contains("[4/4] ETH 2025-01-06 submitted as ETH-2025-01-06-bf"), first.toString());
        List<String> expected = List.of("BTC-2025-01-03-bf", "BTC-2025-01-06-bf", "ETH-2025-01-03-bf", "ETH-2025-01-06-bf");
        Await.until("ingest to make the four jobs ready", Duration.ofSeconds(60), () -> backfilled(stack).equals(expected));

        // The same backfill again: ingest takes every request as a duplicate of its job
        Run second = run(stack, "backfill", "--from", "2025-01-03", "--to", "2025-01-06", "--symbols", "BTC,ETH",
                "--weekdays-only");
        assertEquals(0, second.exit(), second.toString());
        Await.until("ingest to process the second run's requests", Duration.ofSeconds(60), () -> intakeCaughtUp(stack));
        assertEquals(expected, backfilled(stack));
    }

    @Test
    void symbolsDefaultToTheLakesMarketDataFolders(EmbeddedStack stack) {
        assertEquals(List.of(Symbol.of("BTC"), Symbol.of("ETH")), MarketDataSymbols.in(IngestFixture.lake(stack)));
    }

    @Test
    void badArgumentsAreRefusedBeforeKafkaIsContacted() {
        Run reversed = IngestFixture.run("127.0.0.1:1", "backfill", "--from", "2025-01-06", "--to", "2025-01-03",
                "--symbols", "BTC");
        assertEquals(2, reversed.exit(), reversed.toString());
        assertTrue(reversed.err().contains("--from 2025-01-06 is after --to 2025-01-03"), reversed.toString());
        Run symbol = IngestFixture.run("127.0.0.1:1", "backfill", "--from", "2025-01-03", "--to", "2025-01-03",
                "--symbols", "btc");
        assertEquals(2, symbol.exit(), symbol.toString());
    }

    /** Every backfill job on jobs.ready, one entry per record, sorted: a duplicate would show twice. */
    private static List<String> backfilled(EmbeddedStack stack) {
        return read(stack, Topic.JOBS_READY.topicName()).stream().map(ConsumerRecord::key)
                .filter(k -> k.endsWith("-bf")).sorted().toList();
    }

    /** Intake has committed past every request on jobs.requested: whatever it would publish, it has. */
    private static boolean intakeCaughtUp(EmbeddedStack stack) {
        try (Admin admin = Admin.create(stack.kafkaSettings().common())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Component.ingestJobsGroup())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topic.JOBS_REQUESTED.partitions(); p++) {
                latest.put(new TopicPartition(Topic.JOBS_REQUESTED.topicName(), p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            // A partition intake never committed on holds no request, or one it has yet to process.
            return ends.entrySet().stream().allMatch(e -> Optional.ofNullable(committed.get(e.getKey()))
                    .map(OffsetAndMetadata::offset).orElse(0L) >= e.getValue().offset());
        } catch (Exception e) {
            throw new AssertionError("could not read ingest's progress", e);
        }
    }
}
