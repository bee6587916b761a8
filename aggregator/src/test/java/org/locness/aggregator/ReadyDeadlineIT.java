package org.locness.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.config.WeightsSettings;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.ObjectKey;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/** A job that becomes ready and that no model ever answers still gets its one consensus, on a real broker. */
@EmbeddedStackTest
class ReadyDeadlineIT {
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);

    @TempDir
    Path dir;

    @Test
    void aReadyJobWithNoResultsIsFailedAfterTheDeadline(EmbeddedStack stack) throws Exception {
        LakeSettings lake = new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                LakeKeys.BUCKET);
        JobId job = Fixtures.jobId("DOT", 1);
        AggregatorConfig config = new AggregatorConfig(stack.kafkaSettings(), lake, Duration.ofSeconds(3), new Quorum(2, 0.4), WeightsSettings.NONE,
                dir.resolve("state"), Duration.ofDays(7), 0);

        // given: a job on jobs.ready, and not one result for it
        try (KafkaProducer<String, byte[]> producer = Fixtures.producer(stack.kafkaSettings())) {
            JobReady ready = new JobReady(job, Fixtures.result(job, Fixtures.ENSEMBLE.get(0), 0.5).symbol(), Fixtures.DATE,
                    List.of(ObjectKey.of("daily-archived/" + Fixtures.DATE + "/DOT/bars.parquet")), null, false, null,
                    Fixtures.ENSEMBLE, Instant.now());
            producer.send(new ProducerRecord<>(Topic.JOBS_READY.topicName(), job.value(), READY.serialize(ready))).get();
        }

        // when: the aggregator runs past the job's deadline
        try (TopicReader consensus = TopicReader.fromStart(stack.kafkaSettings(), Topic.PREDICTIONS_CONSENSUS.topicName());
                AggregatorService aggregator = AggregatorService.start(config, MetricsServer.newRegistry("aggregator"))) {
            List<ConsumerRecord<String, byte[]>> published = consensus.read(Duration.ofSeconds(90), 1);
            // Anything published twice would arrive within a few commit intervals: keep listening.
            published.addAll(consensus.read(Duration.ofSeconds(3), 1));

            // then: exactly one FAILED consensus, keyed by symbol, every expected model named missing
            assertEquals(1, published.size());
            assertEquals("DOT", published.get(0).key());
            ConsensusPrediction p = CONSENSUS.parse(published.get(0).value());
            assertEquals(job, p.jobId());
            assertEquals(ConsensusStatus.FAILED, p.status());
            assertEquals(Fixtures.ENSEMBLE.stream().map(ExpectedModel::model).sorted().toList(), p.modelsMissing());
            assertEquals(List.<ModelName>of(), p.modelsUsed());
        }
    }
}
