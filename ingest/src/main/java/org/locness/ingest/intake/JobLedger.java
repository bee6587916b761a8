package org.locness.ingest.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.prep.PreJobPrep;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead record of accepted requests, in the lake, each holding the {@link JobReady} the
 * request becomes, twice: a day entry next to the inputs it archives,
 * {@code daily-archived/<date>/<symbol>/.jobs/<jobId>/<topic>-<partition>-<offset>-<timestamp>.json},
 * and a claim in the job-id index, {@code jobs/<jobId>/<date>/<symbol>/<same name>}.
 *
 * <p>Both are written before any input moves and before the Kafka transaction that publishes the
 * job, the claim first. A request re-delivered after a crash finds its own entry or claim (same
 * source coordinates) and finishes exactly that job: same id, same inputs (even if they were
 * already moved out of {@code pre-swept/}), same context. Sequences are read from the day's keys;
 * the index answers "which job does this id name?" whatever the symbol and date of the asking
 * request, so an id is never given to two jobs. Intake decides one request at a time (one loop
 * thread, one ingest replica), each after the writes of the one before it, so two requests on
 * different partitions cannot both claim an id.
 */
public final class JobLedger {
    private static final Logger LOG = LoggerFactory.getLogger(JobLedger.class);
    private static final EventCodec<JobReady> CODEC = EventCodec.of(JobReady.class);

    /** The job-id index: one folder per job id, across symbols and days. */
    public static final String JOB_INDEX = "jobs/";

    private final Lake lake;

    public JobLedger(Lake lake) {
        this.lake = lake;
    }

    public static String prefix(Symbol symbol, TradingDate date) {
        return LakeKeys.dailyArchivedPrefix(date, symbol) + PreJobPrep.LEDGER_FOLDER;
    }

    public static ObjectKey entryKey(JobId jobId, RequestSource source, Symbol symbol, TradingDate date) {
        return ObjectKey.of(prefix(symbol, date) + jobId.value() + "/" + source.ledgerName());
    }

    /** The folder of the job-id index that holds the claims on {@code jobId}. */
    public static String claimsPrefix(JobId jobId) {
        return JOB_INDEX + jobId.value() + "/";
    }

    public static ObjectKey claimKey(JobId jobId, RequestSource source, Symbol symbol, TradingDate date) {
        return ObjectKey.of(claimsPrefix(jobId) + date.value() + "/" + symbol.value() + "/" + source.ledgerName());
    }

    /** The claims on {@code jobId}, each with the job it names: none for a free id, one once it is taken. */
    public List<JobClaim> claims(JobId jobId) {
        String prefix = claimsPrefix(jobId);
        List<JobClaim> claims = new ArrayList<>();
        for (ObjectInfo object : lake.list(prefix)) {
            String[] parts = object.key().value().substring(prefix.length()).split("/");
            Optional<RequestSource> source = parts.length == 3 ? RequestSource.parseLedgerName(parts[2]) : Optional.empty();
            source.ifPresentOrElse(s -> claims.add(new JobClaim(object.key(), s, read(object.key()))),
                    () -> LOG.warn("ignoring {}: not a job claim (<date>/<symbol>/<topic>-<partition>-<offset>-<ts>.json)",
                            object.key()));
        }
        return claims;
    }

    public List<LedgerEntry> entries(Symbol symbol, TradingDate date) {
        String prefix = prefix(symbol, date);
        List<LedgerEntry> entries = new ArrayList<>();
        for (ObjectInfo object : lake.list(prefix)) {
            parse(object.key(), prefix).ifPresentOrElse(entries::add,
                    () -> LOG.warn("ignoring {}: not a ledger entry (<jobId>/<topic>-<partition>-<offset>-<ts>.json)",
                            object.key()));
        }
        return entries;
    }

    private static Optional<LedgerEntry> parse(ObjectKey key, String prefix) {
        String[] parts = key.value().substring(prefix.length()).split("/");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            JobId jobId = JobId.of(parts[0]);
            return RequestSource.parseLedgerName(parts[1]).map(source -> new LedgerEntry(key, jobId, source));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    public JobReady read(LedgerEntry entry) {
        return read(entry.key());
    }

    private JobReady read(ObjectKey key) {
        try (InputStream in = lake.open(key)) {
            return CODEC.parse(in.readAllBytes());
        } catch (InvalidEventException e) {
            // A damaged entry cannot become valid by retrying; the request goes to the DLQ, saying why.
            throw new InvalidEventException("ledger", "entry " + key + " is unreadable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger entry " + key, e);
        }
    }

    /**
     * Records that {@code source} became {@code job}: its claim on the id, then its day entry. Both
     * puts are idempotent, so a request that died between them writes them again when it resumes.
     */
    public LedgerEntry write(JobReady job, RequestSource source) {
        byte[] json = CODEC.serialize(job);
        lake.put(claimKey(job.jobId(), source, job.symbol(), job.date()), new ByteArrayInputStream(json), json.length);
        ObjectKey key = entryKey(job.jobId(), source, job.symbol(), job.date());
        lake.put(key, new ByteArrayInputStream(json), json.length);
        return new LedgerEntry(key, job.jobId(), source);
    }
}
