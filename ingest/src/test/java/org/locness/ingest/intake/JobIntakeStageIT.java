package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.lake.LakeKeys;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.prep.PreJobPrep;
import org.locness.ingest.testing.LakeFixtures;
import org.locness.ingest.testing.TestEnsembles;
import org.locness.lake.s3.Lake;
import org.locness.testing.EmbeddedStackTest;

/**
 * One poll's records go through the stage one after another before their transaction commits:
 * two requests for one job id on different partitions (different keys) within one batch, on a real
 * lake, and the same batch again after its transaction was aborted.
 */
@EmbeddedStackTest
class JobIntakeStageIT {
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final TradingDate DAY = TradingDate.of("2026-03-10");
    private static final String REQUESTED = Topic.JOBS_REQUESTED.topicName();

    @TempDir
    static Path work;
    private static Lake lake;
    private static KafkaProducer<String, byte[]> producer;
    private static JobIntakeStage stage;

    @BeforeAll
    static void build(EmbeddedStack stack) throws Exception {
        lake = LakeFixtures.lake(stack);
        lake.ensureBucket();
        for (Symbol symbol : List.of(Symbol.of("BAT"), Symbol.of("CAT"))) {
            LakeFixtures.putBars(lake, work, LakeKeys.marketData(symbol, DAY), symbol, DAY);
        }
        // Only builds records: nothing is sent.
        producer = new KafkaProducer<>(stack.kafkaSettings().producer("it-stage"));
        stage = new JobIntakeStage(new RequestResolver(TestEnsembles.production(), ZoneOffset.UTC,
                Clock.systemUTC(), new DateBound(1, "MAX")), new JobLedger(lake),
                new PreJobPrep(lake, TestEnsembles.production()), new EventPublisher(producer, "it", Clock.systemUTC()),
                new IntakeMetrics(new SimpleMeterRegistry()));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private static ConsumerRecord<String, byte[]> request(int partition, long offset, String key, String json) {
        return new ConsumerRecord<>(REQUESTED, partition, offset, key, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSecondOfTwoRequestsForOneIdInOneBatchIsRejectedAndStaysSoWhenTheBatchIsReplayed() throws Exception {
        ConsumerRecord<String, byte[]> bat = request(0, 7, "BAT",
                "{\"symbol\":\"BAT\",\"date\":\"2026-03-10\",\"jobId\":\"batch-1\"}");
        ConsumerRecord<String, byte[]> cat = request(2, 3, "CAT",
                "{\"symbol\":\"CAT\",\"date\":\"2026-03-10\",\"jobId\":\"batch-1\"}");

        List<ProducerRecord<String, byte[]>> ready = stage.onRecord(bat);
        InvalidEventException rejected = assertThrows(InvalidEventException.class, () -> stage.onRecord(cat));
        stage.onDiscarded();

        assertEquals(1, ready.size());
        JobReady job = READY.parse(ready.get(0).value());
        assertEquals(Symbol.of("BAT"), job.symbol());
        assertEquals("jobId", rejected.field());
        assertTrue(rejected.reason().startsWith("'batch-1' is already the job for BAT on 2026-03-10 (requested as "
                + "jobs.requested/0/7)"), rejected.reason());

        // The transaction was aborted: the loop re-reads both. The first resumes its job, the second is rejected again.
        assertEquals(job, READY.parse(stage.onRecord(bat).get(0).value()));
        assertEquals(rejected.reason(), assertThrows(InvalidEventException.class, () -> stage.onRecord(cat)).reason());
        assertEquals(1, new JobLedger(lake).claims(JobId.of("batch-1")).size(), "only the job's own claim");
        assertEquals(List.of(), new JobLedger(lake).entries(Symbol.of("CAT"), DAY));
    }
}
