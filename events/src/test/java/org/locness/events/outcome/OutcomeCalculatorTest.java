package org.locness.events.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

class OutcomeCalculatorTest {
    private static final JobId JOB = JobId.of("BTC-2026-03-06-001");
    private static final Symbol BTC = Symbol.of("BTC");
    private static final TradingDate FRIDAY = TradingDate.of("2026-03-06");
    private static final Instant NOW = Instant.parse("2026-03-08T00:00:00Z");
    /** One day ahead, flat below a quarter of the volatility of the last 5 daily returns, at least 3 of them. */
    private static final OutcomeDefinition DAILY = new OutcomeDefinition(1, TradingCalendar.DAILY, 0.25, 5, 3);
    /** Closes of 2026-03-01 … 2026-03-06, the job's date last. */
    private static final double[] HISTORY = {100, 101, 100, 102, 101, 103};
    /**
     * Sample standard deviation of the five log returns of {@link #HISTORY}, by hand: ln(101/100),
     * ln(100/101), ln(102/100), ln(101/102), ln(103/101) = 0.0099503, -0.0099503, 0.0198026, -0.0098523,
     * 0.0196085; mean 0.0039118; sum of squared deviations 0.00089698; / 4; square root.
     */
    private static final double SIGMA = 0.014974791763203467;

    private static SortedMap<TradingDate, Double> history(TradingDate first, TradingCalendar calendar) {
        SortedMap<TradingDate, Double> closes = new TreeMap<>();
        TradingDate day = first;
        for (double close : HISTORY) {
            closes.put(day, close);
            day = calendar.plusTradingDays(day, 1);
        }
        return closes;
    }

    private static SortedMap<TradingDate, Double> withHorizon(double close) {
        SortedMap<TradingDate, Double> closes = history(TradingDate.of("2026-03-01"), TradingCalendar.DAILY);
        closes.put(TradingDate.of("2026-03-07"), close);
        return closes;
    }

    private static Optional<OutcomeRealized> realize(SortedMap<TradingDate, Double> closes, OutcomeDefinition d) {
        return OutcomeCalculator.realize(JOB, BTC, FRIDAY, closes, d, NOW);
    }

    @Test
    void aRiseBeyondTheThresholdIsUpWithTheReturnVolatilityAndThresholdItWasJudgedBy() {
        OutcomeRealized up = realize(withHorizon(110), DAILY).orElseThrow();

        assertEquals(OutcomeStatus.REALIZED, up.status());
        assertEquals("up", up.label());
        assertEquals(TradingDate.of("2026-03-07"), up.horizonEnd());
        assertEquals(103.0, up.closeAtDate());
        assertEquals(110.0, up.closeAtHorizon());
        assertEquals(110.0 / 103 - 1, up.realizedReturn(), 1e-15);
        assertEquals(SIGMA, up.volatility(), 1e-15);
        assertEquals(5, up.volatilityDays());
        assertEquals(0.25 * SIGMA, up.flatThreshold(), 1e-15);
        assertEquals(List.of(), up.missingDays());
        assertEquals(NOW, up.computedAt());
    }

    @Test
    void aFallBeyondTheThresholdIsDown() {
        OutcomeRealized down = realize(withHorizon(95), DAILY).orElseThrow();
        assertEquals("down", down.label());
        assertEquals(95.0 / 103 - 1, down.realizedReturn(), 1e-15);
    }

    @Test
    void aMoveInsideTheThresholdIsFlatWhateverItsSign() {
        // 0.25 x sigma = 0.0037437: a 0.3 % move either way is flat, a 0.4 % one is not.
        assertEquals("flat", realize(withHorizon(103 * 1.003), DAILY).orElseThrow().label());
        assertEquals("flat", realize(withHorizon(103 * 0.997), DAILY).orElseThrow().label());
        assertEquals("up", realize(withHorizon(103 * 1.004), DAILY).orElseThrow().label());
        assertEquals("down", realize(withHorizon(103 * 0.996), DAILY).orElseThrow().label());
    }

    @Test
    void theThresholdGrowsWithTheSquareRootOfTheHorizon() {
        OutcomeDefinition threeDays = new OutcomeDefinition(3, TradingCalendar.DAILY, 0.25, 5, 3);
        SortedMap<TradingDate, Double> closes = history(TradingDate.of("2026-03-01"), TradingCalendar.DAILY);
        closes.put(TradingDate.of("2026-03-09"), 104.0);

        OutcomeRealized outcome = realize(closes, threeDays).orElseThrow();

        assertEquals(TradingDate.of("2026-03-09"), outcome.horizonEnd());
        assertEquals(0.25 * SIGMA * Math.sqrt(3), outcome.flatThreshold(), 1e-15);
        assertEquals("up", outcome.label());
    }

    @Test
    void labelComparesTheMoveWithTheThreshold() {
        assertEquals("flat", OutcomeCalculator.label(0.0, 0.0001));
        assertEquals("flat", OutcomeCalculator.label(-0.00009, 0.0001));
        assertEquals("up", OutcomeCalculator.label(0.0001, 0.0001));
        assertEquals("down", OutcomeCalculator.label(-0.0001, 0.0001));
        assertEquals("up", OutcomeCalculator.label(0.001, 0.0));
    }

    @Test
    void withoutTheHorizonsCloseAndWithoutALaterDayTheOutcomeIsNotKnowableYet() {
        assertEquals(Optional.empty(), realize(history(TradingDate.of("2026-03-01"), TradingCalendar.DAILY), DAILY));
    }

    @Test
    void aMissingHorizonDayWhileALaterDayIsInIsMissingDataNamingIt() {
        SortedMap<TradingDate, Double> closes = history(TradingDate.of("2026-03-01"), TradingCalendar.DAILY);
        closes.put(TradingDate.of("2026-03-08"), 104.0);

        OutcomeRealized missing = realize(closes, DAILY).orElseThrow();

        assertEquals(OutcomeStatus.MISSING_DATA, missing.status());
        assertEquals(List.of(TradingDate.of("2026-03-07")), missing.missingDays());
        assertNull(missing.label());
        assertNull(missing.realizedReturn());
        assertTrue(!missing.realized());
    }

    @Test
    void aMissingJobDateWithTheHorizonInIsMissingDataNamingTheDate() {
        SortedMap<TradingDate, Double> closes = withHorizon(110);
        closes.remove(FRIDAY);

        OutcomeRealized missing = realize(closes, DAILY).orElseThrow();

        assertEquals(OutcomeStatus.MISSING_DATA, missing.status());
        assertEquals(List.of(FRIDAY), missing.missingDays());
    }

    @Test
    void aGapInTheVolatilityWindowIsNamedAndTheRestOfTheWindowStillCounts() {
        SortedMap<TradingDate, Double> closes = withHorizon(110);
        closes.remove(TradingDate.of("2026-03-03"));

        OutcomeRealized outcome = realize(closes, DAILY).orElseThrow();

        assertEquals(OutcomeStatus.REALIZED, outcome.status());
        assertEquals(List.of(TradingDate.of("2026-03-03")), outcome.missingDays());
        assertEquals(3, outcome.volatilityDays(), "the returns of 03-06, 03-05 and 03-02");
    }

    @Test
    void tooFewReturnsInTheWindowIsInsufficientHistory() {
        SortedMap<TradingDate, Double> closes = new TreeMap<>();
        closes.put(TradingDate.of("2026-03-04"), 102.0);
        closes.put(TradingDate.of("2026-03-05"), 101.0);
        closes.put(FRIDAY, 103.0);
        closes.put(TradingDate.of("2026-03-07"), 110.0);

        OutcomeRealized outcome = realize(closes, DAILY).orElseThrow();

        assertEquals(OutcomeStatus.INSUFFICIENT_HISTORY, outcome.status());
        assertEquals(2, outcome.volatilityDays());
        assertEquals(103.0, outcome.closeAtDate());
        assertEquals(110.0, outcome.closeAtHorizon());
        assertNull(outcome.label());
        assertEquals(List.of(TradingDate.of("2026-03-03"), TradingDate.of("2026-03-02")), outcome.missingDays());
    }

    @Test
    void onAWeekdayCalendarFridaysHorizonIsMondayAndTheWindowSkipsTheWeekend() {
        OutcomeDefinition weekdays = new OutcomeDefinition(1, TradingCalendar.WEEKDAYS, 0.25, 5, 3);
        // Fri 02-27, Mon 03-02 … Fri 03-06: the same six closes, so the same volatility.
        SortedMap<TradingDate, Double> closes = history(TradingDate.of("2026-02-27"), TradingCalendar.WEEKDAYS);
        assertEquals(103.0, closes.get(FRIDAY));

        assertEquals(Optional.empty(), realize(closes, weekdays), "Saturday and Sunday are not the horizon");
        closes.put(TradingDate.of("2026-03-09"), 95.0);
        OutcomeRealized outcome = realize(closes, weekdays).orElseThrow();

        assertEquals(TradingDate.of("2026-03-09"), outcome.horizonEnd());
        assertEquals("down", outcome.label());
        assertEquals(SIGMA, outcome.volatility(), 1e-15);
        assertEquals(5, outcome.volatilityDays());
        assertEquals(List.of(), outcome.missingDays(), "a weekend is not a gap");
    }

    @Test
    void theWeekdayCalendarCountsTradingDaysAcrossWeekends() {
        TradingCalendar weekdays = TradingCalendar.WEEKDAYS;
        assertEquals(TradingDate.of("2026-03-09"), weekdays.plusTradingDays(FRIDAY, 1));
        assertEquals(TradingDate.of("2026-03-09"), weekdays.plusTradingDays(TradingDate.of("2026-03-07"), 1));
        assertEquals(TradingDate.of("2026-03-13"), weekdays.plusTradingDays(FRIDAY, 5));
        assertEquals(FRIDAY, weekdays.previousTradingDay(TradingDate.of("2026-03-09")));
        assertEquals(TradingDate.of("2026-03-07"), TradingCalendar.DAILY.plusTradingDays(FRIDAY, 1));
    }
}
