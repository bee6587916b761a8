package org.locness.ingest.intake;

import org.locness.events.id.ObjectKey;
import org.locness.events.job.JobReady;

/** A request's claim on a job id in the ledger's job-id index: the job the id names, and who claimed it. */
public record JobClaim(ObjectKey key, RequestSource source, JobReady job) {
}
