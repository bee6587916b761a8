package org.locness.inference.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookups in a day's parsed context and patterns, without files. */
class DayFilesTest {
    private static final DailyContext CONTEXT = new DailyContext("2026-11-27", 0.5, 0.01, 0.02,
            Map.of("BTC", new DailyContext.SymbolRow(100, 0.05, 1.5, "up")));

    @Test
    void aSymbolWithARowGetsItsColumnsAndTheMarketsOnes() {
        assertEquals(new MarketContext("2026-11-27", true, 100, 0.05, 1.5, "up", 0.5, 0.01, 0.02),
                CONTEXT.forSymbol("BTC", true));
    }

    @Test
    void aMissingSymbolRowLeavesTheMarketPart() {
        MarketContext sol = CONTEXT.forSymbol("SOL", false);

        assertTrue(sol.present());
        assertFalse(sol.stale());
        assertTrue(Double.isNaN(sol.previousClose()));
        assertEquals("unknown", sol.trend());
        assertEquals(0.02, sol.dispersion());
        assertFalse(DailyContext.none().forSymbol("BTC", false).present());
    }

    @Test
    void historyIsTheSignaturesNewestDays() {
        List<PatternHistory.Day> days = List.of(new PatternHistory.Day("2026-11-26", 2, 1, 0, 0, 0.7),
                new PatternHistory.Day("2026-11-25", 1, 0, 1, 0, 0.6));
        UnifiedPatterns patterns = new UnifiedPatterns(Map.of("s", days), new PatternOverview("2026-11-26", 2, 1, 0, 0));

        assertEquals(days, patterns.history("s", 5).days());
        assertEquals(days.subList(0, 1), patterns.history("s", 1).days());
        assertEquals(PatternHistory.none("other"), patterns.history("other", 5));
        assertEquals(PatternHistory.none("s"), UnifiedPatterns.none().history("s", 5));
        assertFalse(UnifiedPatterns.none().overview().present());
    }
}
