package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;
import org.locness.events.scores.CalibrationBin;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

class BacktestResultsTest {
    static final TradingDate DAY1 = TradingDate.of("2026-03-13");
    static final TradingDate DAY2 = TradingDate.of("2026-03-14");

    static ModelScore score(String name, String scope, TradingDate asOf, long jobs, double brier) {
        return new ModelScore(name, scope, asOf, jobs, brier, brier * 1.5, 0.5, 0.05,
                List.of(new CalibrationBin(0.4, 0.5, jobs, 0.45, 0.5)), Instant.parse("2026-03-16T00:00:00Z").plusSeconds(jobs));
    }

    static EnsembleWeights weights(String group, long version, double a, double b) {
        return new EnsembleWeights(group, version, version > 1, version, Map.of("model-a", a, "model-b", b), "job-" + version,
                Instant.parse("2026-03-16T00:00:00Z"));
    }

    /** Two days of a two-model ensemble, as the topics would hold them, out of order and with a per-signature scope. */
    static BacktestResults twoDays() {
        return BacktestResults.of(List.of(
                score(ModelScore.CONSENSUS_ADAPTIVE, "all", DAY2, 4, 0.55),
                score(ModelScore.CONSENSUS_ADAPTIVE, "all", DAY1, 2, 0.60),
                score(ModelScore.CONSENSUS_STATIC, "all", DAY1, 2, 0.62),
                score(ModelScore.CONSENSUS_STATIC, "all", DAY2, 4, 0.58),
                score("model-b", "all", DAY1, 2, 0.70),
                score("model-b", "all", DAY2, 3, 0.66),
                score("model-b", "all", DAY2, 4, 0.64),
                score("model-a", "all", DAY1, 2, 0.50),
                score("model-a", "all", DAY2, 4, 0.57),
                score("model-a", "trend=up|vol=high|volume=normal|gap=none", DAY2, 1, 0.10)),
                List.of(weights("vol=high", 2, 0.6, 0.4), weights("vol=high", 1, 0.5, 0.5), weights("vol=low", 1, 0.5, 0.5),
                        weights("vol=high", 2, 0.6, 0.4)));
    }

    @Test
    void theTableHasEachForecastersFinalAllScopeScoreModelsFirstThenStaticThenAdaptive() {
        List<ScoreRow> rows = twoDays().rows();

        assertEquals(List.of("model-a", "model-b", ModelScore.CONSENSUS_STATIC, ModelScore.CONSENSUS_ADAPTIVE),
                rows.stream().map(ScoreRow::name).toList());
        assertEquals(new ScoreRow("model-b", 0.64, 0.64 * 1.5, 0.5, 0.05, 4), rows.get(1));
        assertEquals(0.57, rows.get(0).brier(), 1e-12);
        assertTrue(rows.get(3).consensus() && !rows.get(0).consensus());
    }

    @Test
    void cumulativeBrierIsTheLastScoreOfEachDay() {
        Map<String, ?> series = twoDays().cumulativeBrier();

        assertEquals(Map.of(DAY1, 0.70, DAY2, 0.64), series.get("model-b"));
        assertEquals(Map.of(DAY1, 0.60, DAY2, 0.55), series.get(ModelScore.CONSENSUS_ADAPTIVE));
    }

    @Test
    void weightsAreEachGroupsVersionsOldestFirstWithoutRepeats() {
        Map<String, List<EnsembleWeights>> weights = twoDays().weights();

        assertEquals(List.of("vol=high", "vol=low"), List.copyOf(weights.keySet()));
        assertEquals(List.of(1L, 2L), weights.get("vol=high").stream().map(EnsembleWeights::version).toList());
    }

    @Test
    void bestAndMedianModelBrierIgnoreTheConsensus() {
        BacktestResults results = twoDays();

        assertEquals(0.57, results.bestModelBrier().orElseThrow(), 1e-12);
        assertEquals((0.57 + 0.64) / 2, results.medianModelBrier().orElseThrow(), 1e-12);
    }

    @Test
    void noRecordsMakeAnEmptyTable() {
        BacktestResults empty = BacktestResults.of(List.of(), List.of());

        assertTrue(empty.rows().isEmpty());
        assertTrue(empty.bestModelBrier().isEmpty());
        assertTrue(empty.medianModelBrier().isEmpty());
    }
}
