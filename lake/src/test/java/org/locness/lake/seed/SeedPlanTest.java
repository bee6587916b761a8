package org.locness.lake.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.locness.events.InvalidEventException;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

class SeedPlanTest {
    private static final TradingDate END = TradingDate.of("2026-11-27");

    @Test
    void datesEndAtTheEndDateOldestFirst() {
        SeedPlan plan = SeedPlan.numbered(2, 3, END, 1);
        assertEquals(List.of(TradingDate.of("2026-11-25"), TradingDate.of("2026-11-26"), END), plan.dates());
        assertEquals(TradingDate.of("2026-11-25"), plan.startDate());
        assertEquals(2L * 3 * 1440, plan.totalBars());
    }

    @Test
    void rejectsNonsense() {
        List<Symbol> one = List.of(Symbol.of("BTC"));
        assertMessage("at least one symbol", () -> new SeedPlan(List.of(), 1, END, 1, 10));
        assertMessage("twice", () -> new SeedPlan(List.of(Symbol.of("BTC"), Symbol.of("BTC")), 1, END, 1, 10));
        assertMessage("days must be between 1", () -> new SeedPlan(one, 0, END, 1, 10));
        assertMessage("days must be between 1", () -> new SeedPlan(one, 5000, END, 1, 10));
        assertMessage("end date", () -> new SeedPlan(one, 1, null, 1, 10));
        assertMessage("barsPerDay must be between 1 and 1440", () -> new SeedPlan(one, 1, END, 1, 1441));
        assertMessage("barsPerDay must be between 1 and 1440", () -> new SeedPlan(one, 1, END, 1, 0));
    }

    @Test
    void numberedSymbolsArePaddedAndWidenWhenNeeded() {
        assertEquals(List.of("SYM001", "SYM002"), SeedSymbols.numbered(2).stream().map(Symbol::value).toList());
        List<Symbol> many = SeedSymbols.numbered(1200);
        assertEquals("SYM0001", many.get(0).value());
        assertEquals("SYM1200", many.get(1199).value());
        assertMessage("at least 1", () -> SeedSymbols.numbered(0));
    }

    @Test
    void wellKnownSymbolsAreBounded() {
        assertEquals(List.of("BTC", "ETH", "SOL"), SeedSymbols.wellKnown(3).stream().map(Symbol::value).toList());
        assertMessage("use numbered symbols", () -> SeedSymbols.wellKnown(SeedSymbols.WELL_KNOWN.size() + 1));
    }

    @Test
    void parsesACommaSeparatedList() {
        assertEquals(List.of(Symbol.of("BTC"), Symbol.of("BRK.B")), SeedSymbols.parse(" BTC, BRK.B ,"));
        assertMessage("no symbols", () -> SeedSymbols.parse(" , "));
        assertThrows(InvalidEventException.class, () -> SeedSymbols.parse("btc"));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
