package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;

class PrepWindowTest {
    @Test
    void theWindowEndsTheDayBeforeTheContextsDate() {
        PrepWindow window = PrepWindow.standard(TradingDate.of("2026-11-27"));
        assertEquals(7, window.marketDates().size());
        assertEquals(TradingDate.of("2026-11-20"), window.marketDates().get(0));
        assertEquals(TradingDate.of("2026-11-26"), window.marketDates().get(6));
        assertEquals(TradingDate.of("2026-11-20"), window.firstMarketDate());
        assertEquals(TradingDate.of("2026-11-26"), window.lastMarketDate());
        assertEquals(30, window.patternDates().size());
        assertEquals(TradingDate.of("2026-10-28"), window.patternDates().get(0));
        assertEquals(List.of(TradingDate.of("2026-11-25"), TradingDate.of("2026-11-26")),
                new PrepWindow(TradingDate.of("2026-11-27"), 2, 0).marketDates());
    }
}
