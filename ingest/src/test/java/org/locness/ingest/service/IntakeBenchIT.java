package org.locness.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.lake.LakeKeys;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.testing.IngestHarness;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.lake.s3.Lake;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/**
 * How fast intake turns requests into ready jobs on the embedded stack: each request MOVEs two
 * pre-swept objects. Prints figures; {@code -Pbench} runs it.
 */
@Tag("bench")
@EmbeddedStackTest
class IntakeBenchIT {
    private static final int JOBS = 40;
    private static final TradingDate DAY = TradingDate.of("2026-03-10");

    @TempDir
    Path work;

    @Test
    void requestsToReadyJobs(EmbeddedStack stack) throws Exception {
        Lake lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        Path file = work.resolve("bars.parquet");
        LakeFixtures.putBars(lake, work, ObjectKey.of("fixtures/bars.parquet"), Symbol.of("FIX"), DAY);
        lake.get(ObjectKey.of("fixtures/bars.parquet"), file);
        List<Symbol> symbols = IntStream.range(0, JOBS).mapToObj(i -> Symbol.of("B" + i)).toList();
        for (Symbol symbol : symbols) {
            lake.put(LakeKeys.preSwept(symbol, "a.parquet"), file);
            lake.put(LakeKeys.preSwept(symbol, "b.parquet"), file);
        }

        try (IngestHarness.Started ingest = IngestHarness.start(IngestHarness.environment(stack, false, "PT5S"), lake);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("bench"))) {
            EventPublisher publisher = new EventPublisher(producer, "bench", Clock.systemUTC());
            long started = System.nanoTime();
            for (Symbol symbol : symbols) {
                publisher.send(new JobRequested(symbol, DAY, null, null));
            }
            producer.flush();
            List<ConsumerRecord<String, byte[]>> ready = TopicReader.read(stack.kafkaSettings(),
                    Topic.JOBS_READY.topicName(), Duration.ofMinutes(5), r -> true, r -> r.size() >= JOBS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(JOBS, ready.size());

            Timer prep = ingest.registry().get("locness_ingest_prep_duration").timer();
            System.out.printf("intake: %d jobs (2 pre-swept objects MOVEd each) ready in %.2f s = %.1f jobs/s;"
                            + " prep mean %.1f ms, max %.1f ms%n", JOBS, seconds, JOBS / seconds,
                    prep.mean(TimeUnit.MILLISECONDS), prep.max(TimeUnit.MILLISECONDS));
        }
    }
}
