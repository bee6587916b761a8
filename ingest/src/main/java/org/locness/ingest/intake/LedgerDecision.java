package org.locness.ingest.intake;

import java.util.List;
import java.util.OptionalInt;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * What to do with a request, given the ledger of its symbol and day. Pure: the ledger is read
 * before, and the decision is acted on after.
 */
public sealed interface LedgerDecision {

    /** This very request was accepted before (and then not committed): finish that job, same id. */
    record Resume(LedgerEntry entry) implements LedgerDecision {
    }

    /** Another request already became the job with this explicit id: nothing more to do. */
    record Duplicate(JobId jobId, RequestSource first) implements LedgerDecision {
    }

    /** A new job. */
    record Start(JobId jobId) implements LedgerDecision {
    }

    /**
     * A re-delivered request resumes its own entry. An explicit id already in the ledger is a
     * duplicate. Otherwise a derived id takes the sequence after the highest one in the ledger (not
     * the count, so an explicit id that looks derived is never reused).
     */
    static LedgerDecision decide(List<LedgerEntry> ledger, RequestSource source, Symbol symbol, TradingDate date,
            JobId explicitJobId) {
        for (LedgerEntry entry : ledger) {
            if (entry.source().equals(source)) {
                return new Resume(entry);
            }
        }
        if (explicitJobId != null) {
            for (LedgerEntry entry : ledger) {
                if (entry.jobId().equals(explicitJobId)) {
                    return new Duplicate(explicitJobId, entry.source());
                }
            }
            return new Start(explicitJobId);
        }
        int highest = ledger.stream().map(e -> derivedSequence(e.jobId(), symbol, date))
                .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max().orElse(0);
        return new Start(JobId.derive(symbol, date, highest + 1));
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
