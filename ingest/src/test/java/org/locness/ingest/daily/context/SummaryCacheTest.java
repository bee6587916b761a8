package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;

class SummaryCacheTest {
    private static final TradingDate DAY = TradingDate.of("2026-11-26");

    @Test
    void aSummaryIsFoundOnlyAtTheVersionItWasReadAt() {
        SummaryCache cache = new SummaryCache(10);
        DaySummary summary = summary("AAA");

        cache.put("v1", summary);

        assertEquals(Optional.of(summary), cache.get(summary.source(), "v1"));
        assertEquals(Optional.empty(), cache.get(summary.source(), "v2"), "the object was replaced since");
        assertEquals(Optional.empty(), cache.get(summary.source(), null));
    }

    @Test
    void aFileWithoutAVersionIsNotKept() {
        SummaryCache cache = new SummaryCache(10);

        cache.put(null, summary("AAA"));

        assertEquals(0, cache.size());
    }

    @Test
    void theLeastRecentlyUsedGoFirstBeyondTheCapacity() {
        SummaryCache cache = new SummaryCache(2);
        DaySummary a = summary("AAA");
        DaySummary b = summary("BBB");
        cache.put("v", a);
        cache.put("v", b);
        cache.get(a.source(), "v");

        cache.put("v", summary("CCC"));

        assertEquals(2, cache.size());
        assertTrue(cache.get(a.source(), "v").isPresent(), "used last");
        assertEquals(Optional.empty(), cache.get(b.source(), "v"));
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        SummaryCache cache = new SummaryCache(0);

        cache.put("v", summary("AAA"));

        assertEquals(0, cache.size());
    }

    @Test
    void inconsistentCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DaySummary(
                LakeKeys.marketData(Symbol.of("AAA"), DAY), Symbol.of("AAA"), DAY, 10, 11, 1.0, 1.0, 1.0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new DaySummary(
                LakeKeys.marketData(Symbol.of("AAA"), DAY), Symbol.of("AAA"), DAY, 10, 10, null, 1.0, 1.0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SummaryCache(-1));
    }

    private static DaySummary summary(String symbol) {
        return new DaySummary(LakeKeys.marketData(Symbol.of(symbol), DAY), Symbol.of(symbol), DAY, 1440, 1440, 10.0, 10.5,
                1e6, 0.001, 10.2);
    }
}
