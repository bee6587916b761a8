package org.locness.ingest.outcome;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;

class PublishedOutcomesTest {
    private static OutcomeRealized missing(String computedAt) {
        return new OutcomeRealized(JobId.of("BTC-2026-03-10-001"), Symbol.of("BTC"), TradingDate.of("2026-03-10"),
                TradingDate.of("2026-03-11"), OutcomeStatus.MISSING_DATA, null, null, null, null, null, null, null,
                List.of(TradingDate.of("2026-03-11")), Instant.parse(computedAt));
    }

    private static OutcomeRealized realized(double close) {
        return new OutcomeRealized(JobId.of("BTC-2026-03-10-001"), Symbol.of("BTC"), TradingDate.of("2026-03-10"),
                TradingDate.of("2026-03-11"), OutcomeStatus.REALIZED, 100.0, close, close / 100 - 1, "up", 0.01, 20,
                0.0025, List.of(), Instant.parse("2026-03-12T00:00:00Z"));
    }

    @Test
    void theSameOutcomeComputedAgainLaterIsNotNewButAChangedOneIs() {
        PublishedOutcomes published = new PublishedOutcomes();
        assertTrue(published.isNew(missing("2026-03-12T00:00:00Z")));
        published.published(missing("2026-03-12T00:00:00Z"));

        assertFalse(published.isNew(missing("2026-03-13T09:00:00Z")), "only the computation time differs");
        assertTrue(published.isNew(realized(101)), "the late file settled it");
        published.published(realized(101));
        assertFalse(published.isNew(realized(101)));
        assertTrue(published.isNew(realized(102)), "a replaced file with another close");
    }
}
