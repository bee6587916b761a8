package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.weights.EnsembleWeights;

class ScoreTableTest {

    @Test
    void tsvHasTheHeaderThenOneTabSeparatedLinePerRow() {
        String tsv = ScoreTable.tsv(BacktestResultsTest.twoDays().rows());

        List<String> lines = tsv.lines().toList();
        assertEquals("name\tbrier\tlogloss\thit_rate\tece\tjobs", lines.get(0));
        assertEquals("model-a\t0.5700\t0.8550\t0.5000\t0.0500\t4", lines.get(1));
        assertEquals("consensus-adaptive\t0.5500\t0.8250\t0.5000\t0.0500\t4", lines.get(4));
        assertEquals(5, lines.size());
    }

    @Test
    void theTableAlignsItsColumnsAndSetsTheConsensusRowsApart() {
        String table = ScoreTable.table(BacktestResultsTest.twoDays().rows());

        List<String> lines = table.lines().toList();
        assertEquals("name                  brier  logloss  hit rate     ece   jobs", lines.get(0));
        assertEquals("model-a              0.5700   0.8550     50.0%  0.0500      4", lines.get(1));
        assertEquals("-".repeat(61), lines.get(3));
        assertEquals("consensus-adaptive   0.5500   0.8250     50.0%  0.0500      4", lines.get(5));
    }

    @Test
    void theWeightsTableShowsEachGroupsNewestVersion() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        Map<String, List<EnsembleWeights>> versions = Map.of(
                "vol=low", List.of(new EnsembleWeights("vol=low", 1, false, 1, Map.of("a", 0.5, "b", 0.5), "J1", at),
                        new EnsembleWeights("vol=low", 2, true, 2, Map.of("a", 0.75, "b", 0.25), "J2", at)),
                "vol=high", List.of(new EnsembleWeights("vol=high", 1, false, 1, Map.of("a", 0.1, "b", 0.9), "J3", at)));

        List<String> lines = ScoreTable.weights(versions).lines().toList();

        assertEquals("", lines.get(0));
        assertEquals("weights   version   warm       a       b", lines.get(1));
        assertEquals("vol=high        1     no   10.0%   90.0%", lines.get(2));
        assertEquals("vol=low         2    yes   75.0%   25.0%", lines.get(3));
    }

    @Test
    void benchLinesNameTheGoalsFigures() {
        assertEquals(List.of(
                "BENCH backtest_adaptive_brier 0.5500 brier",
                "BENCH backtest_static_brier 0.5800 brier",
                "BENCH backtest_best_model_brier 0.5700 brier",
                "BENCH backtest_median_model_brier 0.6050 brier",
                "BENCH backtest_seconds 12.3 s"),
                ScoreTable.benchLines(BacktestResultsTest.twoDays(), 12.34));
    }
}
