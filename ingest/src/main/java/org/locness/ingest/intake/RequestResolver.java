package org.locness.ingest.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locness.events.InvalidEventException;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;

/**
 * Fills in a request's defaults and bounds its date. "Today" is the day, in the configured zone, of
 * the record's timestamp rather than of the moment it is processed: a request re-delivered after
 * midnight still resolves to the day it was made, so its job id and ledger entry do not change. The
 * {@link DateBound} is checked against the clock's today instead: a producer cannot move it by
 * setting the record's timestamp, and as the clock only moves forward, a request accepted once is
 * accepted again when it is re-delivered.
 */
public final class RequestResolver {
    private final Ensemble ensemble;
    private final ZoneId zone;
    private final Clock clock;
    private final DateBound bound;

    public RequestResolver(Ensemble ensemble, ZoneId zone, Clock clock, DateBound bound) {
        this.ensemble = ensemble;
        this.zone = zone;
        this.clock = clock;
        this.bound = bound;
    }

    /** {@code recordTimestamp} in epoch milliseconds; negative when the record has none. */
    public ResolvedRequest resolve(JobRequested request, long recordTimestamp) {
        Instant requestedAt = recordTimestamp >= 0 ? Instant.ofEpochMilli(recordTimestamp) : clock.instant();
        TradingDate date = request.date() != null ? request.date() : TradingDate.of(LocalDate.ofInstant(requestedAt, zone));
        bound.check(date, LocalDate.ofInstant(clock.instant(), zone));
        return new ResolvedRequest(request.symbol(), date, request.jobId(), models(request.models()), requestedAt);
    }

    /** The whole ensemble, or the named members in the ensemble's order. */
    private List<ModelSpec> models(List<ModelName> named) {
        if (named == null) {
            return ensemble.models();
        }
        Set<ModelName> known = new HashSet<>(ensemble.models().stream().map(ModelSpec::name).toList());
        List<ModelName> unknown = named.stream().filter(m -> !known.contains(m)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidEventException("models", "unknown model(s) " + unknown + "; the ensemble has "
                    + ensemble.models().stream().map(ModelSpec::name).toList());
        }
        return ensemble.models().stream().filter(m -> named.contains(m.name())).toList();
    }
}
