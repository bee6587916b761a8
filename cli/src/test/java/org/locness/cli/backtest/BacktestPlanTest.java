package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.TradingCalendar;

class BacktestPlanTest {
    private static final TradingDate MONDAY = TradingDate.of("2026-03-16");

    @Test
    void everyDayMarketEndsTheLastHorizonTodayWithTwentyOneDaysOfHistoryBeforeTheFirstDay() {
        BacktestPlan plan = BacktestPlan.of(3, OutcomeDefinition.DEFAULT, MONDAY);

        assertEquals(List.of(TradingDate.of("2026-03-13"), TradingDate.of("2026-03-14"), TradingDate.of("2026-03-15")),
                plan.days());
        assertEquals(MONDAY, plan.seedEnd());
        // 20 daily returns of volatility need 21 closes before the first day
        assertEquals(TradingDate.of("2026-02-20"), plan.seedStart());
        assertEquals(21 + 3 + 1, plan.seedDays());
    }

    @Test
    void aWeekdayMarketSkipsWeekendsAndALongerHorizonLeavesRoomAfterTheLastDay() {
        OutcomeDefinition weekdays = new OutcomeDefinition(2, TradingCalendar.WEEKDAYS, 0.25, 20, 5);

        BacktestPlan plan = BacktestPlan.of(2, weekdays, TradingDate.of("2026-03-15")); // a Sunday

        assertEquals(TradingDate.of("2026-03-13"), plan.seedEnd()); // the Friday before
        assertEquals(List.of(TradingDate.of("2026-03-10"), TradingDate.of("2026-03-11")), plan.days());
        assertEquals(TradingDate.of("2026-02-09"), plan.seedStart()); // 21 weekdays before 2026-03-10
    }

    @Test
    void aBacktestHasAtLeastOneDay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BacktestPlan.of(0, OutcomeDefinition.DEFAULT, MONDAY));
        assertEquals("--days must be at least 1, was 0", e.getMessage());
    }
}
