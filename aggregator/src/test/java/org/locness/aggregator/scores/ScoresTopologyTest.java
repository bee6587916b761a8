package org.locness.aggregator.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.config.WeightsSettings;
import org.locness.aggregator.consensus.Consensus;
import org.locness.aggregator.consensus.ConsensusCalculator;
import org.locness.aggregator.consensus.ModelVote;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;
import org.locness.events.scores.ModelScore;
import org.locness.events.topic.Topic;
import org.locness.events.weights.AdaptiveWeightsSpec;
import org.locness.events.weights.EnsembleWeights;
import org.locness.lake.s3.LakeSettings;

class ScoresTopologyTest {
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final TradingDate DATE = TradingDate.of("2026-11-27");
    private static final String SIGNATURE = "trend=up|vol=high|volume=normal|gap=none";
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);
    private static final EventCodec<OutcomeRealized> OUTCOMES = EventCodec.of(OutcomeRealized.class);
    private static final EventCodec<ModelScore> SCORES = EventCodec.of(ModelScore.class);
    private static final EventCodec<EnsembleWeights> WEIGHTS = EventCodec.of(EnsembleWeights.class);
    private static final Map<String, Double> FILE_WEIGHTS = Map.of("gemma-7b", 2.0, "mistral-7b", 1.0, "qwen-7b", 1.0);
    private static final Map<String, Map<String, Double>> VOTES = Map.of(
            "gemma-7b", Map.of("up", 0.7, "down", 0.2, "flat", 0.1),
            "mistral-7b", Map.of("up", 0.1, "down", 0.8, "flat", 0.1),
            "qwen-7b", Map.of("up", 0.6, "down", 0.3, "flat", 0.1));

    @TempDir
    Path stateDir;
    private SimpleMeterRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> consensusIn;
    private TestInputTopic<String, byte[]> outcomesIn;
    private TestOutputTopic<String, byte[]> scoresOut;
    private TestOutputTopic<String, byte[]> weightsOut;

    @BeforeEach
    void startDriver() {
        // Learning rate 1, no floor, warm after 2 outcomes: numbers that can be checked by hand.
        AggregatorConfig config = new AggregatorConfig(KafkaSettings.plain("unused:9092"),
                new LakeSettings("http://unused:9000", "unused", "unused", null), Duration.ofMinutes(10),
                new Quorum(2, 0.5), new WeightsSettings(FILE_WEIGHTS, new AdaptiveWeightsSpec(1.0, 0.0, 2, "vol")),
                stateDir, Duration.ofDays(7), 0);
        registry = new SimpleMeterRegistry();
        driver = new TopologyTestDriver(ScoresTopology.build(config, new AggregatorMetrics(registry)),
                ScoresTopology.streamsProperties(config), START);
        consensusIn = driver.createInputTopic(Topic.PREDICTIONS_CONSENSUS.topicName(), new StringSerializer(),
                new ByteArraySerializer(), START, Duration.ofSeconds(1));
        outcomesIn = driver.createInputTopic(Topic.OUTCOMES_REALIZED.topicName(), new StringSerializer(),
                new ByteArraySerializer(), START, Duration.ofSeconds(1));
        scoresOut = driver.createOutputTopic(Topic.SCORES_DAILY.topicName(), new StringDeserializer(),
                new ByteArrayDeserializer());
        weightsOut = driver.createOutputTopic(Topic.WEIGHTS_CURRENT.topicName(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aJobIsScoredOnceWithTheHandComputedBrierScoresAndOneHedgeStep() {
        // arrange: a consensus from three models under the file weights 2/1/1
        sendConsensus(consensus("BTC-2026-11-27-001", VOTES, FILE_WEIGHTS, 0));

        // act: the market went up
        sendOutcome(outcome("BTC-2026-11-27-001", "up"));

        // assert: five forecasters in two scopes; Brier gemma 0.09+0.04+0.01, mistral 0.81+0.64+0.01,
        // qwen 0.16+0.09+0.01, both consensus kinds (0.525/0.375/0.1) 0.475²+0.375²+0.1²
        Map<String, ModelScore> scores = latestScores();
        assertEquals(10, scores.size(), scores::toString);
        assertEquals(0.14, scores.get("gemma-7b|all").brier(), 1e-12);
        assertEquals(1.46, scores.get("mistral-7b|all").brier(), 1e-12);
        assertEquals(0.26, scores.get("qwen-7b|all").brier(), 1e-12);
        assertEquals(0.37625, scores.get("consensus-static|all").brier(), 1e-12);
        assertEquals(0.37625, scores.get("consensus-adaptive|all").brier(), 1e-12);
        assertEquals(-Math.log(0.1), scores.get("mistral-7b|" + SIGNATURE).logLoss(), 1e-12);
        assertEquals(0.0, scores.get("mistral-7b|all").hitRate());
        assertEquals(DATE, scores.get("gemma-7b|all").asOf());
        // Hedge from 0.5/0.25/0.25 with p(up) 0.7/0.1/0.6: 0.35, 0.025, 0.15 over 0.525
        EnsembleWeights weights = WEIGHTS.parse(weightsOut.readValue());
        assertEquals("vol=high", weights.group());
        assertEquals(1, weights.version());
        assertFalse(weights.warm());
        assertEquals(0.35 / 0.525, weights.weights().get("gemma-7b"), 1e-12);
        assertEquals(0.025 / 0.525, weights.weights().get("mistral-7b"), 1e-12);
        assertEquals(0.15 / 0.525, weights.weights().get("qwen-7b"), 1e-12);
        assertTrue(weightsOut.isEmpty());
        assertEquals(0.14, registry.get("locness.model.brier").tag("model", "gemma-7b").gauge().value(), 1e-12);
        assertEquals(1.0, registry.get("locness.model.scored.jobs").tag("model", "consensus-static").gauge().value());
        assertEquals(0.35 / 0.525, registry.get("locness.model.weight").tags("model", "gemma-7b", "group", "vol=high")
                .gauge().value(), 1e-12);
    }

    @Test
    void aDuplicateOutcomeOrConsensusOfAScoredJobIsIgnored() {
        // arrange: a scored job
        sendConsensus(consensus("BTC-2026-11-27-001", VOTES, FILE_WEIGHTS, 0));
        sendOutcome(outcome("BTC-2026-11-27-001", "up"));
        scoresOut.readRecordsToList();
        weightsOut.readRecordsToList();

        // act: its outcome and its consensus arrive again
        sendOutcome(outcome("BTC-2026-11-27-001", "down"));
        sendConsensus(consensus("BTC-2026-11-27-001", VOTES, FILE_WEIGHTS, 0));

        // assert: nothing new
        assertTrue(scoresOut.isEmpty());
        assertTrue(weightsOut.isEmpty());
    }

    @Test
    void anOutcomeBeforeItsConsensusWaitsForIt() {
        // arrange: the outcome comes first; an unrealized outcome and a FAILED consensus have nothing to score
        sendOutcome(outcome("BTC-2026-11-27-001", "up"));
        sendOutcome(new OutcomeRealized(JobId.of("BTC-2026-11-27-002"), Symbol.of("BTC"), DATE,
                TradingDate.of("2026-11-28"), OutcomeStatus.MISSING_DATA, null, null, null, null, null, null, null,
                List.of(TradingDate.of("2026-11-28")), START));
        consensusIn.pipeInput("BTC", CONSENSUS.serialize(new ConsensusPrediction(JobId.of("BTC-2026-11-27-003"),
                Symbol.of("BTC"), DATE, ConsensusStatus.FAILED, false, null, null, null, null, null, List.of(),
                List.of(), List.of(), "no model answered", START, null)));
        assertTrue(scoresOut.isEmpty());

        // act: its consensus arrives
        sendConsensus(consensus("BTC-2026-11-27-001", VOTES, FILE_WEIGHTS, 0));

        // assert: scored
        assertEquals(0.14, latestScores().get("gemma-7b|all").brier(), 1e-12);
        assertEquals(1, WEIGHTS.parse(weightsOut.readValue()).version());
    }

    @Test
    void aModelAbsentFromAJobKeepsItsShareExactlyAndTheGroupTurnsWarmAfterWarmUp() {
        // arrange: a first job all three voted on
        sendConsensus(consensus("BTC-2026-11-27-001", VOTES, FILE_WEIGHTS, 0));
        sendOutcome(outcome("BTC-2026-11-27-001", "up"));
        EnsembleWeights first = WEIGHTS.parse(weightsOut.readValue());

        // act: a second job without qwen-7b, published with adaptive weights
        Map<String, Map<String, Double>> twoVotes = new TreeMap<>(VOTES);
        twoVotes.remove("qwen-7b");
        sendConsensus(consensus("ETH-2026-11-27-001", twoVotes, Map.of("gemma-7b", 0.6, "mistral-7b", 0.1), 1));
        sendOutcome(outcome("ETH-2026-11-27-001", "down"));

        // assert: qwen-7b's share is untouched; gemma-7b and mistral-7b split their total by
        // share × p(down): 0.2 and 0.8; version 2 is warm (warmUp 2)
        EnsembleWeights second = WEIGHTS.parse(weightsOut.readValue());
        assertEquals(first.weights().get("qwen-7b"), second.weights().get("qwen-7b"));
        double pair = first.weights().get("gemma-7b") + first.weights().get("mistral-7b");
        double gemma = first.weights().get("gemma-7b") * 0.2;
        double mistral = first.weights().get("mistral-7b") * 0.8;
        assertEquals(gemma / (gemma + mistral) * pair, second.weights().get("gemma-7b"), 1e-12);
        assertEquals(2, second.version());
        assertEquals(2, second.outcomes());
        assertFalse(first.warm());
        assertTrue(second.warm());
        // the static consensus recomputed the second job under the file weights 2/1 (0.5/0.4/0.1 against
        // "down": 0.25+0.36+0.01), the adaptive one scored what was published (0.6/0.1 weights)
        Map<String, ModelScore> scores = latestScores();
        assertEquals(2, scores.get("consensus-static|all").jobs());
        assertEquals((0.37625 + 0.62) / 2, scores.get("consensus-static|all").brier(), 1e-12);
        double up = 0.43 / 0.7;
        double down = 0.2 / 0.7;
        assertEquals((0.37625 + up * up + (1 - down) * (1 - down) + 0.01) / 2,
                scores.get("consensus-adaptive|all").brier(), 1e-12);
        assertEquals(1, scores.get("qwen-7b|all").jobs());
    }

    @Test
    void unreadableInputGoesToItsDlqWithTheReasonAndScoringGoesOn() {
        // arrange
        TestOutputTopic<String, byte[]> consensusDlq = driver.createOutputTopic(Topic.PREDICTIONS_CONSENSUS.dlqName(),
                new StringDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<String, byte[]> outcomesDlq = driver.createOutputTopic(Topic.OUTCOMES_REALIZED.dlqName(),
                new StringDeserializer(), new ByteArrayDeserializer());

        // act: a broken consensus, an outcome under the wrong key, then a good job
        consensusIn.pipeInput("BTC", "{not json".getBytes(StandardCharsets.UTF_8));
        outcomesIn.pipeInput("wrong-key", OUTCOMES.serialize(outcome("BTC-2026-11-27-001", "up")));
        sendConsensus(consensus("BTC-2026-11-27-001", VOTES, FILE_WEIGHTS, 0));
        sendOutcome(outcome("BTC-2026-11-27-001", "up"));

        // assert: each in its DLQ with the original bytes and reason; the good job is scored
        TestRecord<String, byte[]> deadConsensus = consensusDlq.readRecord();
        assertEquals("{not json", new String(deadConsensus.value(), StandardCharsets.UTF_8));
        assertTrue(header(deadConsensus, DeadLetterRouter.REASON).contains("malformed JSON"));
        assertEquals(Topic.PREDICTIONS_CONSENSUS.topicName(), header(deadConsensus, DeadLetterRouter.SOURCE_TOPIC));
        TestRecord<String, byte[]> deadOutcome = outcomesDlq.readRecord();
        assertEquals("wrong-key", deadOutcome.key());
        assertEquals("key", header(deadOutcome, DeadLetterRouter.FIELD));
        assertEquals(0.14, latestScores().get("gemma-7b|all").brier(), 1e-12);
        assertEquals(2.0, registry.get("locness.scoring.inputs.dead.lettered").counter().count());
    }

    private Map<String, ModelScore> latestScores() {
        return scoresOut.readRecordsToList().stream().map(r -> SCORES.parse(r.value()))
                .collect(Collectors.toMap(ModelScore::recordKey, Function.identity(), (a, b) -> b));
    }

    private void sendConsensus(ConsensusPrediction p) {
        consensusIn.pipeInput(p.recordKey(), CONSENSUS.serialize(p));
    }

    private void sendOutcome(OutcomeRealized o) {
        outcomesIn.pipeInput(o.recordKey(), OUTCOMES.serialize(o));
    }

    /** A COMPLETE consensus of {@code votes} under {@code weights}, as the consensus topology publishes it. */
    static ConsensusPrediction consensus(String jobId, Map<String, Map<String, Double>> votes,
            Map<String, Double> weights, long version) {
        Consensus c = ConsensusCalculator.calculate(new TreeMap<>(votes).entrySet().stream()
                .map(v -> new ModelVote(ModelName.of(v.getKey()), weights.get(v.getKey()), v.getValue())).toList());
        List<ModelName> used = new TreeMap<>(votes).keySet().stream().map(ModelName::of).toList();
        return new ConsensusPrediction(JobId.of(jobId), Symbol.of(jobId.substring(0, jobId.indexOf('-'))), DATE,
                ConsensusStatus.COMPLETE, false, c.prediction(), c.probabilities(), c.confidence(), c.agreement(),
                c.entropy(), used, List.of(), List.of(), null, START,
                new ConsensusBasis(SIGNATURE, "vol=high", version, weights, votes));
    }

    static OutcomeRealized outcome(String jobId, String label) {
        double ret = label.equals("up") ? 0.02 : label.equals("down") ? -0.02 : 0.0;
        return new OutcomeRealized(JobId.of(jobId), Symbol.of(jobId.substring(0, jobId.indexOf('-'))), DATE,
                TradingDate.of("2026-11-28"), OutcomeStatus.REALIZED, 100.0, 100.0 * (1 + ret), ret, label, 0.02, 20,
                0.005, List.of(), START);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
