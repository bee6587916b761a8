package org.locness.aggregator.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;
import org.locness.events.scores.CalibrationBin;
import org.locness.events.scores.ModelScore;

class ScoreAccumulatorTest {
    private static final TradingDate DAY1 = TradingDate.of("2026-11-02");
    private static final TradingDate DAY2 = TradingDate.of("2026-11-03");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void twoForecastsGiveTheHandComputedBrierLogLossHitRateAndEce() {
        // given: a right call at 0.7 and a wrong one at 0.5
        ScoreAccumulator acc = ScoreAccumulator.empty()
                .add(Map.of("up", 0.7, "down", 0.2, "flat", 0.1), "up", DAY2)
                .add(Map.of("up", 0.5, "down", 0.3, "flat", 0.2), "down", DAY1);

        // when
        ModelScore score = acc.toScore("gemma-7b", "all", NOW);

        // then: Brier (0.09+0.04+0.01 + 0.25+0.49+0.04)/2, log loss (-ln 0.7 - ln 0.3)/2,
        // ECE 0.5*|1-0.7| + 0.5*|0-0.5|; asOf the newest date, not the last one scored
        assertEquals(2, score.jobs());
        assertEquals(0.46, score.brier(), 1e-12);
        assertEquals((-Math.log(0.7) - Math.log(0.3)) / 2, score.logLoss(), 1e-12);
        assertEquals(0.780324, score.logLoss(), 1e-6);
        assertEquals(0.5, score.hitRate(), 1e-12);
        assertEquals(0.4, score.ece(), 1e-12);
        assertEquals(DAY2, score.asOf());
        assertBins(List.of(new CalibrationBin(0.5, 0.6, 1, 0.5, 0.0), new CalibrationBin(0.7, 0.8, 1, 0.7, 1.0)),
                score.calibration());
        assertEquals("gemma-7b|all", score.recordKey());
    }

    @Test
    void aCertainWrongForecastIsClippedAndScoresTheWorstBrier() {
        // when: all mass on "up" when the market went down
        ScoreAccumulator acc = ScoreAccumulator.empty().add(Map.of("up", 1.0), "down", DAY1);

        // then: Brier 1 + 1 = 2; log loss -ln(1e-6); the certain call sits in the last bin
        assertEquals(2.0, acc.brier(), 1e-12);
        assertEquals(13.815511, acc.logLoss(), 1e-6);
        assertEquals(0.0, acc.hitRate());
        assertEquals(new CalibrationBin(0.9, 1.0, 1, 1.0, 0.0), acc.calibration().get(0));
        assertEquals(1.0, acc.ece(), 1e-12);
    }

    @Test
    void aTieGoesToTheAlphabeticallyFirstLabelAsTheConsensusBreaksIt() {
        // when: up and down tie at 0.4, the market went down
        ScoreAccumulator acc = ScoreAccumulator.empty().add(Map.of("up", 0.4, "down", 0.4, "flat", 0.2), "down", DAY1);

        // then: "down" is the top label, so it is a hit
        assertEquals(1.0, acc.hitRate());
    }

    @Test
    void aForecastIsNormalisedBeforeScoring() {
        // when: a vector that sums to 2
        ScoreAccumulator acc = ScoreAccumulator.empty().add(Map.of("up", 1.4, "down", 0.4, "flat", 0.2), "up", DAY1);

        // then: scored as 0.7/0.2/0.1
        assertEquals(0.14, acc.brier(), 1e-12);
    }

    @Test
    void noScoreBeforeTheFirstForecast() {
        assertThrows(IllegalStateException.class, () -> ScoreAccumulator.empty().toScore("x", "all", NOW));
    }

    /** Bins equal up to rounding: a normalised 0.7 may be 0.7000000000000001. */
    private static void assertBins(List<CalibrationBin> expected, List<CalibrationBin> actual) {
        assertEquals(expected.size(), actual.size(), () -> "bins " + actual);
        for (int i = 0; i < expected.size(); i++) {
            CalibrationBin e = expected.get(i);
            CalibrationBin a = actual.get(i);
            assertEquals(e.lower(), a.lower(), 1e-12);
            assertEquals(e.upper(), a.upper(), 1e-12);
            assertEquals(e.count(), a.count());
            assertEquals(e.meanConfidence(), a.meanConfidence(), 1e-12);
            assertEquals(e.accuracy(), a.accuracy(), 1e-12);
        }
    }
}
