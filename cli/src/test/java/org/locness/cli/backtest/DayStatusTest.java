package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

class DayStatusTest {
    private static final TradingDate DAY = TradingDate.of("2026-03-13");
    private static final Instant NOW = Instant.parse("2026-03-16T00:00:00Z");
    private static final JobId BTC = JobId.of("BTC-2026-03-13-001");
    private static final JobId ETH = JobId.of("ETH-2026-03-13-001");

    private final Map<JobId, ConsensusPrediction> consensus = new HashMap<>();
    private final Map<JobId, OutcomeRealized> outcomes = new HashMap<>();
    private final Map<String, ModelScore> scores = new HashMap<>();

    @Test
    void aDayWaitsForConsensusAndOutcomesFirst() {
        consensus.put(BTC, complete(BTC, "model-a", "model-b"));
        outcomes.put(ETH, realized(ETH));

        DayStatus status = status(List.of());

        assertFalse(status.done());
        assertEquals(List.of("consensus 1/2", "outcomes 1/2"), status.waitingFor());
    }

    @Test
    void thenForTheScoresOfEveryScorableJobAndWeightsThatLearnedFromThem() {
        consensus.put(BTC, complete(BTC, "model-a", "model-b"));
        consensus.put(ETH, complete(ETH, "model-a"));
        outcomes.put(BTC, realized(BTC));
        outcomes.put(ETH, realized(ETH));
        score(ModelScore.CONSENSUS_STATIC, 2);
        score(ModelScore.CONSENSUS_ADAPTIVE, 1);
        score("model-a", 2);
        score("model-b", 1);

        DayStatus status = status(List.of(weights("vol=high", 1), weights("vol=low", 0)));

        assertEquals(List.of("consensus-adaptive scored 1/2", "weights learned from 1/2 outcomes"), status.waitingFor());
        assertEquals("consensus 2/2, outcomes 2/2, scored 1/2, weights learned 1/2", status.summary());
    }

    @Test
    void aFailedConsensusOrAnUnrealizedOutcomeIsNotWaitedFor() {
        consensus.put(BTC, failed(BTC));
        consensus.put(ETH, complete(ETH, "model-a"));
        outcomes.put(BTC, realized(BTC));
        outcomes.put(ETH, new OutcomeRealized(ETH, Symbol.of("ETH"), DAY, DAY.plusDays(1), OutcomeStatus.MISSING_DATA,
                null, null, null, null, null, null, null, List.of(DAY.plusDays(1)), NOW));

        DayStatus status = status(List.of());

        assertTrue(status.done(), status.waitingFor().toString());
        assertEquals(0, status.scorable());
    }

    private DayStatus status(List<EnsembleWeights> weights) {
        return DayStatus.of(List.of(BTC, ETH), List.of(BTC, ETH), consensus, outcomes, scores, weights);
    }

    private void score(String name, long jobs) {
        scores.put(name + "|all", BacktestResultsTest.score(name, "all", DAY, jobs, 0.6));
    }

    private static EnsembleWeights weights(String group, long outcomes) {
        return new EnsembleWeights(group, outcomes + 1, false, outcomes, Map.of("model-a", 0.5, "model-b", 0.5), null, NOW);
    }

    private static ConsensusPrediction complete(JobId job, String... models) {
        return new ConsensusPrediction(job, Symbol.of(job.value().substring(0, 3)), DAY, ConsensusStatus.COMPLETE, false,
                "up", Map.of("up", 0.5, "down", 0.3, "flat", 0.2), 0.5, 1.0, 1.0,
                List.of(models).stream().map(ModelName::of).toList(), List.of(), List.of(), null, NOW, null);
    }

    private static ConsensusPrediction failed(JobId job) {
        return new ConsensusPrediction(job, Symbol.of(job.value().substring(0, 3)), DAY, ConsensusStatus.FAILED, false,
                null, null, null, null, null, List.of(), List.of(ModelName.of("model-a")), List.of(), "deadline passed",
                NOW, null);
    }

    private static OutcomeRealized realized(JobId job) {
        return new OutcomeRealized(job, Symbol.of(job.value().substring(0, 3)), DAY, DAY.plusDays(1),
                OutcomeStatus.REALIZED, 100.0, 101.0, 0.01, "up", 0.02, 20, 0.005, List.of(), NOW);
    }
}
