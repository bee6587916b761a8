package org.locness.cli.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;

class BackfillPlanTest {
    private static final List<Symbol> SYMBOLS = List.of(Symbol.of("BTC"), Symbol.of("AAPL"));

    @Test
    void oneRequestPerDateAndSymbolWithADeterministicId() {
        BackfillPlan plan = new BackfillPlan(TradingDate.of("2025-01-03"), TradingDate.of("2025-01-06"), SYMBOLS, false);
        List<JobRequested> requests = plan.requests();
        assertEquals(8, requests.size());
        assertEquals(new JobRequested(Symbol.of("BTC"), TradingDate.of("2025-01-03"), JobId.of("BTC-2025-01-03-bf"), null),
                requests.get(0));
        assertEquals(JobId.of("AAPL-2025-01-06-bf"), requests.get(7).jobId());
    }

    @Test
    void weekdaysOnlySkipsSaturdayAndSunday() {
        BackfillPlan plan = new BackfillPlan(TradingDate.of("2025-01-03"), TradingDate.of("2025-01-06"), SYMBOLS, true);
        assertEquals(List.of(TradingDate.of("2025-01-03"), TradingDate.of("2025-01-06")), plan.dates());
    }

    @Test
    void aReversedOrOverlongRangeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new BackfillPlan(TradingDate.of("2025-01-06"), TradingDate.of("2025-01-03"), SYMBOLS, false));
        assertThrows(IllegalArgumentException.class,
                () -> new BackfillPlan(TradingDate.of("2016-01-01"), TradingDate.of("2026-01-01"), SYMBOLS, false));
    }
}
