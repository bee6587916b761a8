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
 * The write-ahead record of accepted requests, in the lake next to the inputs it archives:
 * {@code daily-archived/<date>/<symbol>/.jobs/<jobId>/<topic>-<partition>-<offset>-<timestamp>.json},
 * holding the {@link JobReady} the request becomes.
 *
 * <p>An entry is written before any input moves and before the Kafka transaction that publishes
 * the job. A request re-delivered after a crash finds its own entry (same source coordinates) and
 * finishes exactly that job: same id, same inputs (even if they were already moved out of
 * {@code pre-swept/}), same context. Job ids, sequences and duplicates are read from the keys alone,
 * so deciding costs one listing.
 */
public final class JobLedger {
    private static final Logger LOG = LoggerFactory.getLogger(JobLedger.class);
    private static final EventCodec<JobReady> CODEC = EventCodec.of(JobReady.class);

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
        try (InputStream in = lake.open(entry.key())) {
            return CODEC.parse(in.readAllBytes());
        } catch (InvalidEventException e) {
            // A damaged entry cannot become valid by retrying; the request goes to the DLQ, saying why.
            throw new InvalidEventException("ledger", "entry " + entry.key() + " is unreadable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger entry " + entry.key(), e);
        }
    }

    public LedgerEntry write(JobReady job, RequestSource source) {
        ObjectKey key = entryKey(job.jobId(), source, job.symbol(), job.date());
        byte[] json = CODEC.serialize(job);
        lake.put(key, new ByteArrayInputStream(json), json.length);
        return new LedgerEntry(key, job.jobId(), source);
    }
}
