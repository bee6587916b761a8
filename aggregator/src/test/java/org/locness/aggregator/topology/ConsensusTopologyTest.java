package org.locness.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
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
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.weights.AdaptiveWeightsSpec;
import org.locness.events.weights.EnsembleWeights;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.ModelStatus;
import org.locness.events.inference.Timings;
import org.locness.events.id.ObjectKey;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.lake.LakeKeys;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Topic;
import org.locness.lake.s3.LakeSettings;

class ConsensusTopologyTest {
    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final EventCodec<ResultStaged> RESULTS = EventCodec.of(ResultStaged.class);
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);
    private static final EventCodec<EnsembleWeights> WEIGHTS = EventCodec.of(EnsembleWeights.class);
    /** Two models holding half the weight: gemma-7b alone is not enough, any two models with it are. */
    private static final Quorum QUORUM = new Quorum(2, 0.5);
    /** Weights 2 + 1 + 1: gemma-7b alone is half the weight, any two models with it are more. */
    private static final List<ExpectedModel> ENSEMBLE = List.of(
            new ExpectedModel(ModelName.of("gemma-7b"), NodeName.of("vm1"), 2),
            new ExpectedModel(ModelName.of("mistral-7b"), NodeName.of("vm1"), 1),
            new ExpectedModel(ModelName.of("qwen-7b"), NodeName.of("vm2"), 1));

    @TempDir
    Path stateDir;
    private SimpleMeterRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> results;
    private TestInputTopic<String, byte[]> ready;
    private TestInputTopic<String, byte[]> weights;
    private TestOutputTopic<String, byte[]> consensus;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void startDriver() {
        AggregatorConfig config = new AggregatorConfig(KafkaSettings.plain("unused:9092"),
                new LakeSettings("http://unused:9000", "unused", "unused", null),
                DEADLINE, QUORUM, new WeightsSettings(Map.of("gemma-7b", 2.0, "mistral-7b", 1.0, "qwen-7b", 1.0),
                        new AdaptiveWeightsSpec(0.5, 0.02, 3, "vol")), stateDir, Duration.ofDays(7), 0);
        registry = new SimpleMeterRegistry();
        driver = new TopologyTestDriver(ConsensusTopology.build(config, new AggregatorMetrics(registry)),
                ConsensusTopology.streamsProperties(config), START);
        results = driver.createInputTopic(Topic.RESULTS_STAGED.topicName(), new StringSerializer(),
                new ByteArraySerializer(), START, Duration.ofSeconds(1));
        ready = driver.createInputTopic(Topic.JOBS_READY.topicName(), new StringSerializer(),
                new ByteArraySerializer(), START, Duration.ofSeconds(1));
        weights = driver.createInputTopic(Topic.WEIGHTS_CURRENT.topicName(), new StringSerializer(),
                new ByteArraySerializer(), START, Duration.ofSeconds(1));
        consensus = driver.createOutputTopic(Topic.PREDICTIONS_CONSENSUS.topicName(), new StringDeserializer(),
                new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(Topic.RESULTS_STAGED.dlqName(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void everyModelReportedPublishesACompleteConsensusKeyedBySymbol() {
        // given: a job whose three models all succeed
        List<ResultStaged> job = List.of(
                succeeded("BTC-2026-11-29-001", "gemma-7b", 0.7, 0.2, 0.1),
                succeeded("BTC-2026-11-29-001", "mistral-7b", 0.1, 0.8, 0.1),
                succeeded("BTC-2026-11-29-001", "qwen-7b", 0.6, 0.3, 0.1));

        // when: the first two arrive, then the third
        send(job.get(0));
        send(job.get(1));
        assertTrue(consensus.isEmpty(), "nothing before the last expected model reports");
        send(job.get(2));

        // then: one COMPLETE consensus, keyed by symbol, with CloudEvents headers
        TestRecord<String, byte[]> record = consensus.readRecord();
        assertEquals("BTC", record.key());
        assertEquals("org.locness.predictions.consensus", header(record, CloudEventHeaders.TYPE));
        ConsensusPrediction p = CONSENSUS.parse(record.value());
        assertEquals(ConsensusStatus.COMPLETE, p.status());
        assertFalse(p.partial());
        assertEquals("up", p.prediction());
        assertEquals(0.525, p.probabilities().get("up"), 1e-9);
        assertEquals(0.75, p.agreement(), 1e-9);
        assertEquals(models("gemma-7b", "mistral-7b", "qwen-7b"), p.modelsUsed());
        assertEquals(List.of(), p.modelsMissing());
        assertEquals(START, p.publishedAt());
        assertTrue(consensus.isEmpty());
        assertEquals(1.0, published("complete"));
    }

    @Test
    void aWarmWeightsRecordOfTheJobsGroupDecidesThePredictionAndTheBasisRecordsItsVersion() {
        // given: the vol=high group is warm at version 5 and trusts mistral-7b most
        sendWeights(new EnsembleWeights("vol=high", 5, true, 12,
                Map.of("gemma-7b", 0.1, "mistral-7b", 0.8, "qwen-7b", 0.1), "ETH-2026-11-28-001", START));

        // when: a job in state vol=high whose votes say "up" under the file weights (0.525, see above)
        send(succeeded("BTC-2026-11-29-010", "gemma-7b", 0.7, 0.2, 0.1));
        send(succeeded("BTC-2026-11-29-010", "mistral-7b", 0.1, 0.8, 0.1));
        send(succeeded("BTC-2026-11-29-010", "qwen-7b", 0.6, 0.3, 0.1));

        // then: weighed 0.1/0.8/0.1: up 0.07+0.08+0.06, down 0.02+0.64+0.03; the basis names group and version
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals("down", p.prediction());
        assertEquals(0.21, p.probabilities().get("up"), 1e-12);
        assertEquals(0.69, p.probabilities().get("down"), 1e-12);
        ConsensusBasis basis = p.basis();
        assertEquals("trend=up|vol=high", basis.signature());
        assertEquals("vol=high", basis.weightsGroup());
        assertEquals(5, basis.weightsVersion());
        assertEquals(Map.of("gemma-7b", 0.1, "mistral-7b", 0.8, "qwen-7b", 0.1), basis.weights());
        assertEquals(Map.of("up", 0.1, "down", 0.8, "flat", 0.1), basis.votes().get("mistral-7b"));
        assertEquals(p.probabilities(), recomputed(basis).probabilities(), "the consensus is reproducible from its basis");
        assertEquals(p.prediction(), recomputed(basis).prediction());
    }

    @Test
    void withoutAWarmRecordTheFileWeightsDecideAtVersionZero() {
        // given: the group has a record, but it is not warm yet; another group is warm
        sendWeights(new EnsembleWeights("vol=high", 2, false, 2,
                Map.of("gemma-7b", 0.1, "mistral-7b", 0.8, "qwen-7b", 0.1), "ETH-2026-11-28-001", START));
        sendWeights(new EnsembleWeights("vol=low", 9, true, 9,
                Map.of("gemma-7b", 0.1, "mistral-7b", 0.8, "qwen-7b", 0.1), "ETH-2026-11-28-002", START));

        // when: the same votes as above
        send(succeeded("BTC-2026-11-29-011", "gemma-7b", 0.7, 0.2, 0.1));
        send(succeeded("BTC-2026-11-29-011", "mistral-7b", 0.1, 0.8, 0.1));
        send(succeeded("BTC-2026-11-29-011", "qwen-7b", 0.6, 0.3, 0.1));

        // then: the file weights 2/1/1, version 0, and the basis recomputes it
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals("up", p.prediction());
        assertEquals(0.525, p.probabilities().get("up"), 1e-12);
        assertEquals(ConsensusBasis.FILE_WEIGHTS, p.basis().weightsVersion());
        assertEquals(Map.of("gemma-7b", 2.0, "mistral-7b", 1.0, "qwen-7b", 1.0), p.basis().weights());
        assertEquals(p.probabilities(), recomputed(p.basis()).probabilities());
    }

    @Test
    void theQuorumStaysOnTheFileWeightsWhateverTheAdaptiveShares() {
        // given: warm weights that give gemma-7b almost everything
        sendWeights(new EnsembleWeights("vol=high", 4, true, 4,
                Map.of("gemma-7b", 0.96, "mistral-7b", 0.02, "qwen-7b", 0.02), "ETH-2026-11-28-001", START));

        // when: only mistral-7b and qwen-7b report (2 of 4 file weight, but 4 % of the adaptive weight)
        send(succeeded("BTC-2026-11-29-012", "mistral-7b", 0.6, 0.3, 0.1));
        send(succeeded("BTC-2026-11-29-012", "qwen-7b", 0.2, 0.7, 0.1));
        driver.advanceWallClockTime(DEADLINE);

        // then: PARTIAL (the file share of 50 % meets the quorum), weighed 0.02/0.02
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals(ConsensusStatus.PARTIAL, p.status());
        assertEquals(0.4, p.probabilities().get("up"), 1e-12);
        assertEquals(4, p.basis().weightsVersion());
    }

    @Test
    void deadlineWithAQuorumPublishesPartialNamingTheMissingModel() {
        // given: gemma-7b and qwen-7b (3 of 4 weight) report, mistral-7b never does
        send(succeeded("ETH-2026-11-29-001", "gemma-7b", 0.2, 0.7, 0.1));
        send(succeeded("ETH-2026-11-29-001", "qwen-7b", 0.3, 0.6, 0.1));

        // when: the wall clock reaches the deadline (and not before)
        driver.advanceWallClockTime(DEADLINE.minusSeconds(5));
        assertTrue(consensus.isEmpty(), "nothing before the deadline");
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        // then: a PARTIAL consensus from the two, naming the missing one
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals(ConsensusStatus.PARTIAL, p.status());
        assertTrue(p.partial());
        assertEquals("down", p.prediction());
        assertEquals(models("gemma-7b", "qwen-7b"), p.modelsUsed());
        assertEquals(models("mistral-7b"), p.modelsMissing());
        assertEquals(List.of(), p.modelsFailed());
        assertEquals(START.plus(DEADLINE), p.publishedAt());
        assertEquals(1.0, published("partial"));
    }

    @Test
    void allReportedWithAFailureIsDecidedAtOnceAsPartialExcludingTheFailedModel() {
        // given: gemma-7b and mistral-7b succeed, qwen-7b fails
        send(succeeded("SOL-2026-11-29-001", "gemma-7b", 0.6, 0.3, 0.1));
        send(succeeded("SOL-2026-11-29-001", "mistral-7b", 0.6, 0.3, 0.1));

        // when: the failure arrives, long before the deadline
        send(failed("SOL-2026-11-29-001", "qwen-7b", "out of memory"));

        // then: PARTIAL now, the failed model named and left out of the mean
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals(ConsensusStatus.PARTIAL, p.status());
        assertEquals(models("gemma-7b", "mistral-7b"), p.modelsUsed());
        assertEquals(models("qwen-7b"), p.modelsFailed());
        assertEquals(List.of(), p.modelsMissing());
        assertEquals(0.6, p.probabilities().get("up"), 1e-9);
    }

    @Test
    void belowQuorumAtTheDeadlinePublishesFailedWithTheReason() {
        // given: mistral-7b succeeds (1 of 4), qwen-7b fails, gemma-7b is missing
        send(succeeded("ADA-2026-11-29-001", "mistral-7b", 0.6, 0.3, 0.1));
        send(failed("ADA-2026-11-29-001", "qwen-7b", "tokenizer not found"));

        // when: the deadline passes
        driver.advanceWallClockTime(DEADLINE);

        // then: FAILED, no prediction, the reason naming the share, the missing and the failed model
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals(ConsensusStatus.FAILED, p.status());
        assertFalse(p.partial());
        assertNull(p.prediction());
        assertEquals(models("mistral-7b"), p.modelsUsed());
        assertEquals(models("gemma-7b"), p.modelsMissing());
        assertEquals(models("qwen-7b"), p.modelsFailed());
        assertEquals("deadline PT10M passed: 1 of 3 models succeeded, holding 25.0% of the expected weight; the quorum"
                + " needs at least 2 models and 50.0%; missing: [gemma-7b]; failed: qwen-7b (tokenizer not found)", p.reason());
        assertEquals(1.0, published("failed"));
    }

    @Test
    void halfTheWeightFromOneModelIsNotAQuorumOfTwoModels() {
        // given: only gemma-7b (2 of 4, the quorum's share, but one model) reports
        send(succeeded("XRP-2026-11-29-001", "gemma-7b", 0.6, 0.3, 0.1));

        // when: the deadline passes
        driver.advanceWallClockTime(DEADLINE);

        // then: FAILED for want of a second model
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals(ConsensusStatus.FAILED, p.status());
        assertTrue(p.reason().contains("1 of 3 models succeeded, holding 50.0%"), p.reason());
    }

    @Test
    void aReadyJobThatNoModelEverAnswersIsFailedAtItsDeadlineNamingEveryModel() {
        // given: a job becomes ready
        sendReady("DOT-2026-11-29-001");

        // when: no model ever reports and the deadline, counted from the ready event, passes
        driver.advanceWallClockTime(DEADLINE.minusSeconds(5));
        assertTrue(consensus.isEmpty(), "nothing before the deadline");
        driver.advanceWallClockTime(Duration.ofSeconds(5));

        // then: exactly one FAILED consensus naming every model as missing, with the reason
        List<byte[]> out = consensus.readValuesToList();
        assertEquals(1, out.size());
        ConsensusPrediction p = CONSENSUS.parse(out.get(0));
        assertEquals(ConsensusStatus.FAILED, p.status());
        assertEquals(Symbol.of("DOT"), p.symbol());
        assertNull(p.prediction());
        assertEquals(List.of(), p.modelsUsed());
        assertEquals(models("gemma-7b", "mistral-7b", "qwen-7b"), p.modelsMissing());
        assertEquals("deadline PT10M passed: 0 of 3 models succeeded, holding 0.0% of the expected weight; the quorum"
                + " needs at least 2 models and 50.0%; missing: [gemma-7b, mistral-7b, qwen-7b]", p.reason());
        assertEquals(START.plus(DEADLINE), p.publishedAt());
        assertEquals(1.0, published("failed"));
    }

    @Test
    void theDeadlineRunsFromTheReadyEventNotFromTheFirstResult() {
        // given: a job ready at START whose first two results arrive only 9 minutes later
        sendReady("LINK-2026-11-29-001");
        driver.advanceWallClockTime(Duration.ofMinutes(9));
        send(succeeded("LINK-2026-11-29-001", "gemma-7b", 0.6, 0.3, 0.1));
        send(succeeded("LINK-2026-11-29-001", "qwen-7b", 0.6, 0.3, 0.1));

        // when: the deadline after the ready event passes
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        // then: PARTIAL then, not ten minutes after the first result; a repeated ready event changes nothing
        ConsensusPrediction p = CONSENSUS.parse(consensus.readValue());
        assertEquals(ConsensusStatus.PARTIAL, p.status());
        assertEquals(models("mistral-7b"), p.modelsMissing());
        assertEquals(START.plus(DEADLINE), p.publishedAt());
        sendReady("LINK-2026-11-29-001");
        driver.advanceWallClockTime(DEADLINE);
        assertTrue(consensus.isEmpty(), "one consensus per job");
    }

    @Test
    void resultsBeforeTheReadyEventAndAnUnreadableReadyEventChangeNothing() {
        // given: results of a job whose ready event the aggregator has not read yet, and a broken ready record
        send(succeeded("AVAX-2026-11-29-001", "gemma-7b", 0.6, 0.3, 0.1));
        send(succeeded("AVAX-2026-11-29-001", "mistral-7b", 0.6, 0.3, 0.1));
        ready.pipeInput("AVAX-2026-11-29-002", "{not json".getBytes(StandardCharsets.UTF_8));

        // when: the ready event arrives, then the last result
        sendReady("AVAX-2026-11-29-001");
        send(succeeded("AVAX-2026-11-29-001", "qwen-7b", 0.6, 0.3, 0.1));

        // then: one COMPLETE consensus; the broken record is skipped (the inference nodes dead-letter it)
        assertEquals(ConsensusStatus.COMPLETE, CONSENSUS.parse(consensus.readValue()).status());
        driver.advanceWallClockTime(DEADLINE);
        assertTrue(consensus.isEmpty());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void aDuplicateResultIsCountedOnceAndTheFirstOneWins() {
        // given: gemma-7b reports
        send(succeeded("BTC-2026-11-29-002", "gemma-7b", 0.8, 0.1, 0.1));

        // when: it reports again with other numbers, then the others report
        send(succeeded("BTC-2026-11-29-002", "gemma-7b", 0.1, 0.8, 0.1));
        send(succeeded("BTC-2026-11-29-002", "mistral-7b", 0.8, 0.1, 0.1));
        send(succeeded("BTC-2026-11-29-002", "qwen-7b", 0.8, 0.1, 0.1));
        driver.advanceWallClockTime(DEADLINE);

        // then: one consensus, built from the first gemma-7b result
        List<byte[]> out = consensus.readValuesToList();
        assertEquals(1, out.size());
        ConsensusPrediction p = CONSENSUS.parse(out.get(0));
        assertEquals(ConsensusStatus.COMPLETE, p.status());
        assertEquals(0.8, p.probabilities().get("up"), 1e-9);
        assertEquals(1.0, registry.get("locness.results.duplicate").counter().count());
    }

    @Test
    void aLateResultIsCountedAndRecordedButNotPublishedAgain() {
        // given: a job published as PARTIAL at its deadline without mistral-7b
        send(succeeded("ETH-2026-11-29-002", "gemma-7b", 0.2, 0.7, 0.1));
        send(succeeded("ETH-2026-11-29-002", "qwen-7b", 0.2, 0.7, 0.1));
        driver.advanceWallClockTime(DEADLINE);
        assertEquals(ConsensusStatus.PARTIAL, CONSENSUS.parse(consensus.readValue()).status());

        // when: mistral-7b's result arrives, twice
        send(succeeded("ETH-2026-11-29-002", "mistral-7b", 0.9, 0.05, 0.05));
        send(succeeded("ETH-2026-11-29-002", "mistral-7b", 0.9, 0.05, 0.05));

        // then: nothing new is published, it is counted as late once and kept in the job's state
        assertTrue(consensus.isEmpty());
        assertEquals(1.0, registry.get("locness.results.late").counter().count());
        assertEquals(1.0, registry.get("locness.results.duplicate").counter().count());
        JobState state = jobs().get("ETH-2026-11-29-002");
        assertEquals(ConsensusStatus.PARTIAL, state.publishedStatus());
        ModelOutcome late = state.outcomes().stream().filter(o -> o.model().equals(ModelName.of("mistral-7b")))
                .findFirst().orElseThrow();
        assertTrue(late.late());
    }

    @Test
    void malformedAndInconsistentResultsGoToTheDlqAndTheStreamGoesOn() {
        // given: a job in progress
        send(succeeded("BTC-2026-11-29-003", "gemma-7b", 0.6, 0.3, 0.1));

        // when: broken records arrive among its results
        results.pipeInput("BTC-2026-11-29-003", "{not json".getBytes(StandardCharsets.UTF_8));
        results.pipeInput("wrong-key", RESULTS.serialize(succeeded("BTC-2026-11-29-003", "mistral-7b", 0.6, 0.3, 0.1)));
        send(succeeded("BTC-2026-11-29-003", "phi-3-mini", 0.6, 0.3, 0.1));
        send(withSymbol(succeeded("BTC-2026-11-29-003", "qwen-7b", 0.6, 0.3, 0.1), "ETH"));
        send(succeeded("BTC-2026-11-29-003", "mistral-7b", 0.6, 0.3, 0.1));
        send(succeeded("BTC-2026-11-29-003", "qwen-7b", 0.6, 0.3, 0.1));

        // then: four DLQ records with the original bytes and the reason; the job still completes
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertEquals(4, dead.size());
        assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(Topic.RESULTS_STAGED.topicName(), header(dead.get(0), DeadLetterRouter.SOURCE_TOPIC));
        assertEquals("0", header(dead.get(0), DeadLetterRouter.SOURCE_PARTITION));
        assertEquals("1", header(dead.get(0), DeadLetterRouter.SOURCE_OFFSET));
        assertTrue(header(dead.get(0), DeadLetterRouter.REASON).contains("malformed JSON"));
        assertEquals("wrong-key", dead.get(1).key());
        assertEquals("key", header(dead.get(1), DeadLetterRouter.FIELD));
        assertEquals("model", header(dead.get(2), DeadLetterRouter.FIELD));
        assertTrue(header(dead.get(2), DeadLetterRouter.REASON).contains("'phi-3-mini' is not among"));
        assertEquals("symbol", header(dead.get(3), DeadLetterRouter.FIELD));
        assertEquals(4.0, registry.get("locness.results.dead.lettered").counter().count());
        assertEquals(ConsensusStatus.COMPLETE, CONSENSUS.parse(consensus.readValue()).status());
    }

    @Test
    void aResultAtTheBrokersSizeLimitIsDeadLetteredTruncatedAndTheStreamGoesOn() {
        // given: a record as large as the broker accepts (message.max.bytes, 1 MiB + 12), not JSON at all
        byte[] huge = new byte[1_048_588 - 100];
        Arrays.fill(huge, (byte) 'x');

        // when: it arrives among a job's results
        results.pipeInput("BTC-2026-11-29-005", huge);
        send(succeeded("BTC-2026-11-29-005", "gemma-7b", 0.6, 0.3, 0.1));
        send(succeeded("BTC-2026-11-29-005", "mistral-7b", 0.6, 0.3, 0.1));
        send(succeeded("BTC-2026-11-29-005", "qwen-7b", 0.6, 0.3, 0.1));

        // then: its DLQ copy fits one producer request and says what was cut; the job still completes
        TestRecord<String, byte[]> dead = dlq.readRecord();
        int size = dead.value().length;
        for (Header h : dead.headers()) {
            size += h.key().length() + h.value().length;
        }
        assertTrue(size <= KafkaSettings.MAX_REQUEST_BYTES - 8 * 1024, "DLQ record of " + size + " bytes");
        assertEquals("true", header(dead, DeadLetterRouter.VALUE_TRUNCATED));
        assertEquals(Integer.toString(huge.length), header(dead, DeadLetterRouter.ORIGINAL_SIZE));
        assertEquals(64, header(dead, DeadLetterRouter.ORIGINAL_SHA256).length());
        assertEquals(ConsensusStatus.COMPLETE, CONSENSUS.parse(consensus.readValue()).status());
    }

    @Test
    void aPublishedJobIsForgottenAfterItsRetention() {
        // given: a complete job
        for (ExpectedModel m : ENSEMBLE) {
            send(succeeded("BTC-2026-11-29-004", m.model().value(), 0.6, 0.3, 0.1));
        }
        assertNotNull(jobs().get("BTC-2026-11-29-004"));

        // when: its retention passes
        driver.advanceWallClockTime(Duration.ofDays(7));

        // then: its state is deleted (a tombstone in the changelog) and so are its timers
        assertNull(jobs().get("BTC-2026-11-29-004"));
        KeyValueStore<String, String> timers = driver.getKeyValueStore(ConsensusTopology.TIMERS_STORE);
        try (var all = timers.all()) {
            assertFalse(all.hasNext());
        }
    }

    private KeyValueStore<String, JobState> jobs() {
        return driver.getKeyValueStore(ConsensusTopology.JOBS_STORE);
    }

    private void send(ResultStaged result) {
        results.pipeInput(result.jobId().value(), RESULTS.serialize(result));
    }

    private void sendWeights(EnsembleWeights record) {
        weights.pipeInput(record.group(), WEIGHTS.serialize(record));
    }

    /** The consensus as anyone can recompute it from the published basis, votes in model order. */
    private static Consensus recomputed(ConsensusBasis basis) {
        return ConsensusCalculator.calculate(new TreeMap<>(basis.votes()).entrySet().stream()
                .map(v -> new ModelVote(ModelName.of(v.getKey()), basis.weights().get(v.getKey()), v.getValue()))
                .toList());
    }

    private void sendReady(String jobId) {
        JobId job = JobId.of(jobId);
        JobReady event = new JobReady(job, Symbol.of(jobId.substring(0, jobId.indexOf('-'))), TradingDate.of("2026-11-29"),
                List.of(ObjectKey.of("daily-archived/2026-11-29/" + jobId.substring(0, jobId.indexOf('-')) + "/bars.parquet")),
                null, false, null, ENSEMBLE, START);
        ready.pipeInput(jobId, READY.serialize(event));
    }

    private double published(String status) {
        return registry.get("locness.consensus.published").tag("status", status).counter().count();
    }

    private static List<ModelName> models(String... names) {
        return Arrays.stream(names).map(ModelName::of).toList();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ResultStaged succeeded(String jobId, String model, double up, double down, double flat) {
        JobId job = JobId.of(jobId);
        ModelName name = ModelName.of(model);
        return new ResultStaged(job, Symbol.of(jobId.substring(0, jobId.indexOf('-'))), TradingDate.of("2026-11-29"),
                name, NodeName.of("vm1"), ModelStatus.SUCCEEDED, null, LakeKeys.stagedResult(job, name),
                LakeKeys.stagedPatterns(job, name), Map.of("up", up, "down", down, "flat", flat),
                "trend=up|vol=high", new Timings(120, 40, 55), ENSEMBLE);
    }

    private static ResultStaged failed(String jobId, String model, String reason) {
        return new ResultStaged(JobId.of(jobId), Symbol.of(jobId.substring(0, jobId.indexOf('-'))),
                TradingDate.of("2026-11-29"), ModelName.of(model), NodeName.of("vm2"), ModelStatus.FAILED, reason,
                null, null, null, null, Timings.none(), ENSEMBLE);
    }

    private static ResultStaged withSymbol(ResultStaged r, String symbol) {
        return new ResultStaged(r.jobId(), Symbol.of(symbol), r.date(), r.model(), r.node(), r.status(), r.reason(),
                r.resultKey(), r.patternsKey(), r.probabilities(), r.signature(), r.timings(), r.expectedModels());
    }
}
