package org.locness.ingest.outcome;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locness.events.id.JobId;
import org.locness.events.outcome.OutcomeRealized;

/**
 * The outcomes this process last published, by job, so a recomputation that finds the same outcome
 * (a re-delivered record, a market-data file that changes nothing for a job in its window) does not
 * publish it again. Bounded, and empty after a restart: then an outcome is published once more,
 * identical but for its {@code computedAt}, which the compacted topic absorbs.
 */
final class PublishedOutcomes {
    static final int CAPACITY = 20_000;

    private final Map<JobId, OutcomeRealized> last = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JobId, OutcomeRealized> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Whether {@code outcome} says something other than what was last published for its job. */
    boolean isNew(OutcomeRealized outcome) {
        return !timeless(outcome).equals(last.get(outcome.jobId()));
    }

    void published(OutcomeRealized outcome) {
        last.put(outcome.jobId(), timeless(outcome));
    }

    private static OutcomeRealized timeless(OutcomeRealized o) {
        return new OutcomeRealized(o.jobId(), o.symbol(), o.date(), o.horizonEnd(), o.status(), o.closeAtDate(),
                o.closeAtHorizon(), o.realizedReturn(), o.label(), o.volatility(), o.volatilityDays(),
                o.flatThreshold(), o.missingDays(), Instant.EPOCH);
    }
}
