package org.locness.ingest.prep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobReady;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-job prep in two steps, so that a write-ahead ledger entry can sit between them:
 * {@link #plan} decides the job (input, context, patterns, models) without changing the lake, and
 * {@link #moveInputs} MOVEs the planned pre-swept objects into the day's archive.
 */
public final class PreJobPrep {
    /**
     * The folder of a day's archive that job intake keeps its ledger in; a pre-swept object under a
     * folder of this name is not input, since archiving it would put it among the ledger entries.
     */
    public static final String LEDGER_FOLDER = ".jobs/";
    private static final Logger LOG = LoggerFactory.getLogger(PreJobPrep.class);
    private static final DatedKeys DAILY_PREPARED = new DatedKeys(LakeKeys.DAILY_PREPARED, ".parquet");
    private static final DatedKeys UNIFIED_PATTERNS = new DatedKeys(LakeKeys.PATTERNS, "/unified.parquet");

    private final Lake lake;
    private final Ensemble ensemble;

    public PreJobPrep(Lake lake, Ensemble ensemble) {
        this.lake = lake;
        this.ensemble = ensemble;
    }

    /**
     * The job a request becomes. Its input is every object under {@code pre-swept/<symbol>/}, at
     * the key it will have in {@code daily-archived/<date>/<symbol>/}; without any, the newest
     * {@code market-data/<symbol>/<d>.parquet} with d on or before the job's date; without that, the
     * job is rejected ({@link NoInputException}). The context is the day's
     * {@code daily-prepared/<date>.parquet}, or the newest earlier one flagged stale; the patterns
     * are the newest {@code patterns/<d>/unified.parquet} on or before the date. Both may be absent.
     */
    public JobReady plan(JobId jobId, Symbol symbol, TradingDate date, List<ModelSpec> models, Instant requestedAt) {
        List<ObjectKey> inputs = archivedInputs(symbol, date);
        if (inputs.isEmpty()) {
            DatedKeys marketData = new DatedKeys(LakeKeys.marketDataPrefix(symbol), ".parquet");
            inputs = marketData.newestOnOrBefore(keys(LakeKeys.marketDataPrefix(symbol)), date)
                    .map(d -> List.of(d.key()))
                    .orElseThrow(() -> new NoInputException("nothing under " + LakeKeys.preSweptPrefix(symbol)
                            + " and no " + LakeKeys.marketDataPrefix(symbol) + "<date>.parquet on or before " + date));
        }
        Optional<DatedKeys.Dated> context = DAILY_PREPARED.newestOnOrBefore(keys(LakeKeys.DAILY_PREPARED), date);
        Optional<DatedKeys.Dated> patterns = UNIFIED_PATTERNS.newestOnOrBefore(keys(LakeKeys.PATTERNS), date);
        return new JobReady(jobId, symbol, date, inputs,
                context.map(DatedKeys.Dated::key).orElse(null),
                context.map(c -> c.date().compareTo(date) < 0).orElse(false),
                patterns.map(DatedKeys.Dated::key).orElse(null),
                ensemble.expected(models), requestedAt);
    }

    private List<ObjectKey> archivedInputs(Symbol symbol, TradingDate date) {
        String prefix = LakeKeys.preSweptPrefix(symbol);
        List<ObjectKey> inputs = new ArrayList<>();
        for (ObjectKey key : keys(prefix)) {
            if (key.value().startsWith(prefix + LEDGER_FOLDER)) {
                LOG.warn("leaving {} in place: {} is reserved for the job ledger", key, LEDGER_FOLDER);
                continue;
            }
            inputs.add(LakeKeys.dailyArchived(date, symbol, key));
        }
        return inputs;
    }

    /**
     * Moves each planned archive input from {@code pre-swept/}. {@link Lake#move} copies, verifies,
     * then deletes, and a repeated call converges from any step an earlier attempt died in, so a
     * re-delivered request simply calls this again. Inputs outside the archive (market data) stay.
     */
    public void moveInputs(JobReady job) {
        String archive = LakeKeys.dailyArchivedPrefix(job.date(), job.symbol());
        for (ObjectKey target : job.inputKeys()) {
            if (!target.startsWith(archive)) {
                continue;
            }
            ObjectKey source = ObjectKey.of(LakeKeys.preSweptPrefix(job.symbol()) + target.value().substring(archive.length()));
            if (!lake.exists(source) && !lake.exists(target)) {
                throw new NoInputException(job.jobId() + "'s input " + source + " is gone, and was never archived to "
                        + target);
            }
            lake.move(source, target);
        }
    }

    /** Every key under {@code prefix}; objects whose names no Locness key could have are skipped by the lake. */
    private List<ObjectKey> keys(String prefix) {
        return lake.list(prefix).stream().map(ObjectInfo::key).toList();
    }
}
