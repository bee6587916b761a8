package org.locness.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.inference.Timings;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.job.JobRequested;
import org.locness.events.lake.LakeKeys;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;
import org.locness.events.pattern.PatternsUnified;
import org.locness.events.result.ResultStaged;
import org.locness.events.scores.CalibrationBin;
import org.locness.events.scores.ModelScore;
import org.locness.events.topic.Topic;
import org.locness.events.weights.EnsembleWeights;

/** One valid value of every event, in each of its shapes (optional fields present and absent). */
public final class EventSamples {
    public static final Symbol BTC = Symbol.of("BTC");
    public static final TradingDate DATE = TradingDate.of("2026-11-27");
    public static final JobId JOB = JobId.of("BTC-2026-11-27-001");
    public static final ModelName GEMMA = ModelName.of("gemma-7b");
    public static final ModelName MISTRAL = ModelName.of("mistral-7b");
    public static final ModelName QWEN = ModelName.of("qwen-7b");
    public static final NodeName VM1 = NodeName.of("vm1");
    public static final NodeName VM2 = NodeName.of("vm2");
    public static final Instant REQUESTED_AT = Instant.parse("2026-11-27T08:00:00Z");
    public static final Map<String, Double> PROBABILITIES = Map.of("up", 0.6, "down", 0.3, "flat", 0.1);
    public static final List<ExpectedModel> EXPECTED = List.of(
            new ExpectedModel(GEMMA, VM1, 1.5), new ExpectedModel(MISTRAL, VM1, 1.0), new ExpectedModel(QWEN, VM2, 1.25));
    public static final Timings TIMINGS = new Timings(412, 850, 1210);

    private EventSamples() {
    }

    public static JobRequested jobRequested() {
        return new JobRequested(BTC, DATE, JOB, List.of(GEMMA, QWEN));
    }

    public static JobReady jobReady() {
        return new JobReady(JOB, BTC, DATE, List.of(LakeKeys.dailyArchived(DATE, BTC, LakeKeys.preSwept(BTC, "bars.parquet"))),
                LakeKeys.dailyPrepared(DATE.minusDays(1)), true, LakeKeys.unifiedPatterns(DATE.minusDays(1)), EXPECTED,
                REQUESTED_AT);
    }

    public static InferenceCompleted inferenceSucceeded() {
        return InferenceCompleted.succeeded(JOB, BTC, DATE, GEMMA, VM1,
                "/data/local/output_gemma-7b_BTC-2026-11-27-001.parquet",
                "/data/local/patterns_new_gemma-7b_BTC-2026-11-27-001.parquet", PROBABILITIES,
                "trend=up|vol=high|volume=spike|gap=none", TIMINGS, EXPECTED);
    }

    public static InferenceCompleted inferenceFailed() {
        return InferenceCompleted.failed(JOB, BTC, DATE, QWEN, VM2, "model file missing", Timings.none(), EXPECTED);
    }

    public static ResultStaged resultSucceeded() {
        return new ResultStaged(JOB, BTC, DATE, GEMMA, VM1, ModelStatus.SUCCEEDED, null, LakeKeys.stagedResult(JOB, GEMMA),
                LakeKeys.stagedPatterns(JOB, GEMMA), PROBABILITIES, "trend=up|vol=high|volume=spike|gap=none", TIMINGS,
                EXPECTED);
    }

    public static ResultStaged resultFailed() {
        return new ResultStaged(JOB, BTC, DATE, QWEN, VM2, ModelStatus.FAILED, "out of memory", null, null, null, null,
                Timings.none(), EXPECTED);
    }

    public static ConsensusPrediction consensusComplete() {
        return new ConsensusPrediction(JOB, BTC, DATE, ConsensusStatus.COMPLETE, false, "up", PROBABILITIES, 0.6, 0.67,
                0.9, List.of(GEMMA, MISTRAL, QWEN), List.of(), List.of(), null, REQUESTED_AT.plusSeconds(30), null);
    }

    public static ConsensusPrediction consensusAdaptive() {
        ConsensusBasis basis = new ConsensusBasis("trend=up|vol=high|volume=spike|gap=none", "vol=high", 42,
                Map.of("gemma-7b", 0.7, "mistral-7b", 0.3), Map.of("gemma-7b", PROBABILITIES, "mistral-7b", PROBABILITIES));
        return new ConsensusPrediction(JOB, BTC, DATE, ConsensusStatus.PARTIAL, true, "up", PROBABILITIES, 0.6, 1.0, 0.9,
                List.of(GEMMA, MISTRAL), List.of(QWEN), List.of(), null, REQUESTED_AT.plusSeconds(300), basis);
    }

    public static OutcomeRealized outcomeRealized() {
        return new OutcomeRealized(JOB, BTC, DATE, DATE.plusDays(1), OutcomeStatus.REALIZED, 64_210.5, 65_000.0,
                65_000.0 / 64_210.5 - 1, "up", 0.031, 20, 0.00775, List.of(), REQUESTED_AT.plusSeconds(86_400));
    }

    public static OutcomeRealized outcomeMissing() {
        return new OutcomeRealized(JOB, BTC, DATE, DATE.plusDays(1), OutcomeStatus.MISSING_DATA, null, null, null, null,
                null, null, null, List.of(DATE.plusDays(1)), REQUESTED_AT.plusSeconds(172_800));
    }

    public static EnsembleWeights ensembleWeights() {
        return new EnsembleWeights("vol=high", 42, true, 57, Map.of("gemma-7b", 0.7, "mistral-7b", 0.3), "BTC-2026-11-27-001",
                REQUESTED_AT.plusSeconds(86_400));
    }

    public static ModelScore modelScore() {
        return new ModelScore("gemma-7b", ModelScore.ALL_SCOPE, DATE, 57, 0.58, 0.97, 0.51, 0.04,
                List.of(new CalibrationBin(0.5, 0.6, 20, 0.55, 0.5)), REQUESTED_AT.plusSeconds(86_400));
    }

    public static ConsensusPrediction consensusPartial() {
        return new ConsensusPrediction(JOB, BTC, DATE, ConsensusStatus.PARTIAL, true, "up", PROBABILITIES, 0.6, 1.0, 0.9,
                List.of(GEMMA, MISTRAL), List.of(QWEN), List.of(), null, REQUESTED_AT.plusSeconds(300), null);
    }

    public static ConsensusPrediction consensusFailed() {
        return new ConsensusPrediction(JOB, BTC, DATE, ConsensusStatus.FAILED, false, null, null, null, null, null,
                List.of(GEMMA), List.of(MISTRAL), List.of(QWEN), "1 of 3 models reported, quorum is 2",
                REQUESTED_AT.plusSeconds(300), null);
    }

    public static PatternsUnified patternsUnified() {
        return new PatternsUnified(DATE, LakeKeys.unifiedPatterns(DATE), 3, 1240);
    }

    public static DailyContextReady dailyContextReady() {
        return new DailyContextReady(DATE, LakeKeys.dailyPrepared(DATE), 96, 18_432, List.of("market-data/XRP/2026-11-27.parquet"));
    }

    public static DailyContextReady dailyContextReadyNothingSkipped() {
        return new DailyContextReady(DATE, LakeKeys.dailyPrepared(DATE), 0, 0, List.of());
    }

    /** Every sample, each shape of each event. */
    public static List<Event> all() {
        return List.of(jobRequested(), JobRequested.forSymbol(BTC), jobReady(), inferenceSucceeded(), inferenceFailed(),
                resultSucceeded(), resultFailed(), consensusComplete(), consensusPartial(), consensusFailed(),
                consensusAdaptive(), patternsUnified(), dailyContextReady(), dailyContextReadyNothingSkipped(),
                outcomeRealized(), outcomeMissing(), ensembleWeights(), modelScore());
    }

    /** The record type carried by each topic other than {@code lake.object-events}. */
    public static Class<? extends Event> typeOf(Topic topic) {
        return switch (topic) {
            case JOBS_REQUESTED -> JobRequested.class;
            case JOBS_READY -> JobReady.class;
            case INFERENCE_COMPLETED -> InferenceCompleted.class;
            case RESULTS_STAGED -> ResultStaged.class;
            case PREDICTIONS_CONSENSUS -> ConsensusPrediction.class;
            case PATTERNS_UNIFIED -> PatternsUnified.class;
            case CONTEXT_DAILY_READY -> DailyContextReady.class;
            case OUTCOMES_REALIZED -> OutcomeRealized.class;
            case SCORES_DAILY -> ModelScore.class;
            case WEIGHTS_CURRENT -> EnsembleWeights.class;
            case LAKE_OBJECT_EVENTS -> throw new IllegalArgumentException("lake.object-events carries MinIO records");
        };
    }
}
