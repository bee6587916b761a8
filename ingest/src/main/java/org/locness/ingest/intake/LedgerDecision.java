package org.locness.ingest.intake;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;

/**
 * What to do with a request, given the ledger of its symbol and day and the claims on the job ids
 * it may take. Pure: the ledger is read before, and the decision is acted on after.
 */
public sealed interface LedgerDecision {

    /** This very request was accepted before (and then not committed): finish that job, same id. */
    record Resume(LedgerEntry entry) implements LedgerDecision {
    }

    /** This very request claimed its id, then died before its day entry was written: finish that job. */
    record Recover(JobClaim claim) implements LedgerDecision {
    }

    /** Another request already became the job with this explicit id, for the same symbol, day and models. */
    record Duplicate(JobId jobId, RequestSource first) implements LedgerDecision {
    }

    /** The explicit id already names another job (another symbol, day or set of models): reject. */
    record Conflict(JobId jobId, JobClaim existing, boolean modelsDiffer) implements LedgerDecision {
        /** Names the job the id already is, and the request that made it. */
        public String reason() {
            JobReady job = existing.job();
            String models = modelsDiffer ? " with models " + job.expectedModels().stream().map(ExpectedModel::model).toList()
                    : "";
            return "'" + jobId + "' is already the job for " + job.symbol() + " on " + job.date() + models
                    + " (requested as " + existing.source().reference() + "); a job id names one job: choose another";
        }
    }

    /** A new job. */
    record Start(JobId jobId) implements LedgerDecision {
    }

    /**
     * A re-delivered request resumes its own entry, or its own claim. An explicit id claimed by
     * another request is a duplicate when that claim is for the same symbol, day and models, and a
     * conflict otherwise. A derived id takes the sequence after the highest one in the day's ledger
     * (not the count, so an explicit id that looks derived is never reused), skipping ids that an
     * explicit request for another symbol or day has already claimed.
     */
    static LedgerDecision decide(List<LedgerEntry> day, Function<JobId, List<JobClaim>> claims, RequestSource source,
            ResolvedRequest request) {
        for (LedgerEntry entry : day) {
            if (entry.source().equals(source)) {
                return new Resume(entry);
            }
        }
        JobId explicit = request.explicitJobId();
        if (explicit != null) {
            return decideExplicit(day, claims.apply(explicit), source, request);
        }
        int highest = day.stream().map(e -> derivedSequence(e.jobId(), request.symbol(), request.date()))
                .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max().orElse(0);
        for (int sequence = highest + 1; ; sequence++) {
            JobId candidate = JobId.derive(request.symbol(), request.date(), sequence);
            List<JobClaim> taken = claims.apply(candidate);
            for (JobClaim claim : taken) {
                if (claim.source().equals(source)) {
                    return new Recover(claim);
                }
            }
            if (taken.isEmpty()) {
                return new Start(candidate);
            }
        }
    }

    private static LedgerDecision decideExplicit(List<LedgerEntry> day, List<JobClaim> claims, RequestSource source,
            ResolvedRequest request) {
        JobId explicit = request.explicitJobId();
        for (JobClaim claim : claims) {
            if (claim.source().equals(source)) {
                return new Recover(claim);
            }
        }
        for (JobClaim claim : claims) {
            JobReady job = claim.job();
            if (!job.symbol().equals(request.symbol()) || !job.date().equals(request.date())) {
                return new Conflict(explicit, claim, false);
            }
            if (!modelNames(job).equals(request.models().stream().map(ModelSpec::name).collect(Collectors.toSet()))) {
                return new Conflict(explicit, claim, true);
            }
        }
        if (!claims.isEmpty()) {
            return new Duplicate(explicit, claims.get(0).source());
        }
        // Entries written before the job-id index existed have no claim.
        for (LedgerEntry entry : day) {
            if (entry.jobId().equals(explicit)) {
                return new Duplicate(explicit, entry.source());
            }
        }
        return new Start(explicit);
    }

    private static Set<ModelName> modelNames(JobReady job) {
        return job.expectedModels().stream().map(ExpectedModel::model).collect(Collectors.toSet());
    }

    /** The sequence of an id shaped like {@link JobId#derive} for this symbol and day. */
    static OptionalInt derivedSequence(JobId jobId, Symbol symbol, TradingDate date) {
        String prefix = symbol.value() + "-" + date.value() + "-";
        String value = jobId.value();
        if (!value.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String rest = value.substring(prefix.length());
        return rest.matches("\\d{3}") ? OptionalInt.of(Integer.parseInt(rest)) : OptionalInt.empty();
    }
}
