package org.locness.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.config.WeightsSettings;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.JobId;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;
import org.locness.events.scores.ModelScore;
import org.locness.events.topic.Topic;
import org.locness.events.weights.AdaptiveWeightsSpec;
import org.locness.events.weights.EnsembleWeights;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/**
 * Results → consensus → (with outcomes) scores and adaptive weights → a later consensus under those
 * weights, through the real aggregator on the embedded broker and lake.
 */
@EmbeddedStackTest
class ScoresIT {
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);
    private static final EventCodec<OutcomeRealized> OUTCOMES = EventCodec.of(OutcomeRealized.class);
    private static final EventCodec<ModelScore> SCORES = EventCodec.of(ModelScore.class);
    private static final EventCodec<EnsembleWeights> WEIGHTS = EventCodec.of(EnsembleWeights.class);
    /** p(up) per model: gemma-7b is the most confident of the right call. */
    private static final Map<String, Double> UP = Map.of("gemma-7b", 0.6, "mistral-7b", 0.3, "qwen-7b", 0.5);
    private static final int WARM_UP = 2;
    private static final String GROUP = "vol=high";

    @TempDir
    Path dir;

    @Test
    void scoredOutcomesPublishScoresAndWeightsAndALaterConsensusUsesTheWarmWeights(EmbeddedStack stack)
            throws Exception {
        Lake lake = Lake.connect(new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                LakeKeys.BUCKET));
        AggregatorConfig config = new AggregatorConfig(stack.kafkaSettings(), new LakeSettings(stack.s3Endpoint(),
                stack.s3AccessKey(), stack.s3SecretKey(), LakeKeys.BUCKET), Duration.ofMinutes(10), new Quorum(2, 0.5),
                new WeightsSettings(Map.of("gemma-7b", 2.0, "mistral-7b", 1.0, "qwen-7b", 1.0),
                        new AdaptiveWeightsSpec(0.5, 0.02, WARM_UP, "vol")),
                dir.resolve("state"), Duration.ofDays(7), 0);
        PrometheusMeterRegistry registry = MetricsServer.newRegistry("aggregator");
        try (AggregatorService aggregator = AggregatorService.start(config, registry);
                KafkaProducer<String, byte[]> producer = Fixtures.producer(stack.kafkaSettings());
                TopicReader consensus = TopicReader.fromStart(stack.kafkaSettings(), Topic.PREDICTIONS_CONSENSUS.topicName());
                TopicReader scores = TopicReader.fromStart(stack.kafkaSettings(), Topic.SCORES_DAILY.topicName());
                TopicReader weights = TopicReader.fromStart(stack.kafkaSettings(), Topic.WEIGHTS_CURRENT.topicName())) {
            // given: two jobs' results, all three models, decided under the file weights
            for (int n = 1; n <= WARM_UP; n++) {
                sendResults(producer, Fixtures.jobId("SOL", n));
            }
            List<ConsensusPrediction> first = consensus.await("the first jobs' consensus", Duration.ofSeconds(90),
                    r -> r.key().equals("SOL"), records -> records.size() >= WARM_UP)
                    .stream().map(r -> CONSENSUS.parse(r.value())).toList();
            assertTrue(first.stream().allMatch(p -> p.basis().weightsVersion() == 0), first::toString);

            // when: the market went up after both
            for (int n = 1; n <= WARM_UP; n++) {
                JobId job = Fixtures.jobId("SOL", n);
                OutcomeRealized outcome = new OutcomeRealized(job, first.get(0).symbol(), Fixtures.DATE,
                        TradingDate.of("2026-11-30"), OutcomeStatus.REALIZED, 100.0, 102.0, 0.02, "up", 0.02, 20, 0.005,
                        List.of(), Instant.now());
                producer.send(new ProducerRecord<>(Topic.OUTCOMES_REALIZED.topicName(), job.value(),
                        OUTCOMES.serialize(outcome)));
            }
            producer.flush();

            // then: gemma-7b's score over both jobs, Brier 0.4² + 0.2² + 0.2²; the group warm at version 2
            List<ModelScore> gemma = scores.await("gemma-7b over both jobs", Duration.ofSeconds(90),
                    r -> r.key().equals("gemma-7b|all"), records -> records.stream()
                            .anyMatch(r -> SCORES.parse(r.value()).jobs() == WARM_UP))
                    .stream().map(r -> SCORES.parse(r.value())).toList();
            ModelScore last = gemma.get(gemma.size() - 1);
            assertEquals(0.24, last.brier(), 1e-9);
            assertEquals(-Math.log(0.6), last.logLoss(), 1e-9);
            assertEquals(1.0, last.hitRate());
            EnsembleWeights warm = weights.await("warm weights", Duration.ofSeconds(60), r -> r.key().equals(GROUP),
                    records -> records.stream().anyMatch(r -> WEIGHTS.parse(r.value()).warm()))
                    .stream().map(r -> WEIGHTS.parse(r.value())).filter(EnsembleWeights::warm).findFirst().orElseThrow();
            assertEquals(WARM_UP, warm.version());
            assertTrue(warm.weights().get("gemma-7b") > 0.5 && warm.weights().get("mistral-7b") < 0.25,
                    warm.weights()::toString);

            // then: a job decided once the consensus has read the warm weights carries their version
            AtomicInteger next = new AtomicInteger(WARM_UP);
            AtomicReference<ConsensusPrediction> adaptive = new AtomicReference<>();
            Await.until("a consensus under the warm weights", Duration.ofSeconds(60), () -> {
                JobId job = Fixtures.jobId("SOL", next.incrementAndGet());
                sendResults(producer, job);
                ConsensusPrediction p = consensus.await("job " + job, Duration.ofSeconds(30),
                        r -> r.key().equals("SOL") && CONSENSUS.parse(r.value()).jobId().equals(job),
                        records -> !records.isEmpty()).stream().map(r -> CONSENSUS.parse(r.value())).findFirst()
                        .orElseThrow();
                adaptive.set(p);
                return p.basis().weightsVersion() > 0;
            });
            assertEquals(WARM_UP, adaptive.get().basis().weightsVersion());
            assertEquals(GROUP, adaptive.get().basis().weightsGroup());
            assertEquals(warm.weights().get("gemma-7b"), adaptive.get().basis().weights().get("gemma-7b"));

            // then: the gauges and the gold table
            String scrape = registry.scrape();
            assertEquals(0.24, gauge(scrape, "locness_model_brier{component=\"aggregator\",model=\"gemma-7b\"}"), 1e-9);
            assertTrue(scrape.contains("locness_model_weight{component=\"aggregator\",group=\"vol=high\",model=\"gemma-7b\"}"),
                    scrape);
            // 2 jobs × (3 models + 2 consensus kinds) × (all + the signature)
            int expectedFiles = WARM_UP * 5 * 2;
            Await.until("the gold score files", Duration.ofSeconds(60),
                    () -> lake.list(LakeKeys.GOLD_SCORES).size() == expectedFiles);
            Path gold = dir.resolve("gold");
            for (ObjectInfo o : lake.list(LakeKeys.GOLD_SCORES)) {
                lake.get(o.key(), gold.resolve(o.key().value()));
            }
            try (Connection db = DuckDb.open(dir.resolve("duckdb")); Statement s = db.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*), max(jobs), any_value(date)::VARCHAR,"
                            + " round(max(brier) FILTER (WHERE name = 'gemma-7b' AND scope = 'all' AND jobs = 2), 9)"
                            + " FROM read_parquet(" + DuckDb.literal(gold.resolve("gold/scores/**/*.parquet"))
                            + ", hive_partitioning = true)")) {
                r.next();
                assertEquals(expectedFiles, r.getLong(1));
                assertEquals(WARM_UP, r.getLong(2));
                assertEquals(Fixtures.DATE.value(), r.getString(3));
                assertEquals(0.24, r.getDouble(4), 1e-9);
            }
        }
    }

    private static double gauge(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError(series + " not in " + scrape));
    }

    private static void sendResults(KafkaProducer<String, byte[]> producer, JobId job) {
        for (ExpectedModel m : Fixtures.ENSEMBLE) {
            producer.send(Fixtures.record(Fixtures.result(job, m, UP.get(m.model().value()))));
        }
        producer.flush();
    }

}
