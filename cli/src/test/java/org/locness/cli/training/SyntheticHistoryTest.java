package org.locness.cli.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;
import org.locness.inference.prompt.PatternHistory;

class SyntheticHistoryTest {
    private static final String SIGNATURE = "trend=up|vol=low|volume=normal|gap=none";
    private static final TradingDate DATE = TradingDate.of("2026-03-20");
    private static final Map<TradingDate, Integer> COUNTS = Map.of(
            DATE.minusDays(1), 2, DATE.minusDays(3), 1, DATE.minusDays(4), 4, DATE.minusDays(6), 1,
            DATE.minusDays(7), 3, DATE.minusDays(9), 2, DATE, 5, DATE.plusDays(1), 5);

    @Test
    void aboutHalfThePromptsHaveNoHistory() {
        SplittableRandom random = new SplittableRandom(3);
        int none = 0;
        for (int i = 0; i < 1000; i++) {
            none += SyntheticHistory.of(SIGNATURE, DATE, COUNTS, 6, random).days().isEmpty() ? 1 : 0;
        }
        assertTrue(none > 430 && none < 570, none + " of 1000 without history");
    }

    @Test
    void aHistoryQuotesTheNewestEarlierDaysWithTheirCasesAndSharesSummingToOne() {
        SplittableRandom random = new SplittableRandom(3);
        PatternHistory history;
        do {
            history = SyntheticHistory.of(SIGNATURE, DATE, COUNTS, 6, random);
        } while (history.days().isEmpty());
        assertEquals(SIGNATURE, history.signature());
        assertEquals(SyntheticHistory.MAX_DAYS, history.days().size());
        assertEquals(DATE.minusDays(1).value(), history.days().get(0).date());
        assertEquals(12, history.days().get(0).cases(), "two symbols x six models");
        assertEquals(DATE.minusDays(7).value(), history.days().get(4).date());
        for (PatternHistory.Day day : history.days()) {
            assertEquals(1.0, day.shareUp() + day.shareDown() + day.shareFlat(), 1e-9);
            assertTrue(day.meanConfidence() >= 0.34 && day.meanConfidence() <= 0.84);
        }
    }

    @Test
    void theSameRandomSeedGivesTheSameHistory() {
        assertEquals(SyntheticHistory.of(SIGNATURE, DATE, COUNTS, 6, new SplittableRandom(9)),
                SyntheticHistory.of(SIGNATURE, DATE, COUNTS, 6, new SplittableRandom(9)));
    }
}
