package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

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
