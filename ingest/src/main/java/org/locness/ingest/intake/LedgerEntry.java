package org.locness.ingest.intake;

import org.locness.events.id.JobId;
import org.locness.events.id.ObjectKey;

/** One accepted request in a day's ledger: which job it became, and where its entry is stored. */
public record LedgerEntry(ObjectKey key, JobId jobId, RequestSource source) {
}
