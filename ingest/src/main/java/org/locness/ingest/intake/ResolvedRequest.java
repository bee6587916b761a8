package org.locness.ingest.intake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * A job request with its defaults filled in: the date, the ensemble members that run it, and when
 * it was made. {@code explicitJobId} is the requester's id, or null when ingest derives one.
 */
public record ResolvedRequest(Symbol symbol, TradingDate date, JobId explicitJobId, List<ModelSpec> models,
        Instant requestedAt) {
    public ResolvedRequest {
        models = List.copyOf(models);
    }

    public Optional<JobId> jobId() {
        return Optional.ofNullable(explicitJobId);
    }
}
