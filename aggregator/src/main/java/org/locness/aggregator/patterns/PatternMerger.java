package org.locness.aggregator.patterns;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.RecordHandler;
import org.locness.events.lake.LakeKeys;
import org.locness.events.pattern.PatternsUnified;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.staging.ScratchDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each published consensus, folds the job's {@code staging/patterns/<jobId>/*.parquet} into
 * {@code patterns/<date>/unified.parquet} and announces the version on {@code patterns.unified}.
 *
 * <p>Every job's staged files are merged, whatever its consensus status: they are what each model
 * said about the signature, which is worth keeping even when the ensemble could not decide. A job
 * with no staged files (all its models failed) changes nothing and announces nothing.
 *
 * <p>The new version is uploaded to a temporary key and then moved into place server-side, so
 * {@code unified.parquet} is always a complete file. Merges of one day are serialized by a lock in
 * this process; read-modify-write across processes is not, so exactly one aggregator instance runs
 * the merger (the aggregator is deployed with one replica). A record redelivered after its merge
 * finds nothing to change and re-announces the current version, so an announcement lost to a crash
 * between upload and publish is made up.
 */
public final class PatternMerger implements RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PatternMerger.class);
    private static final EventCodec<ConsensusPrediction> CODEC = EventCodec.of(ConsensusPrediction.class);
    /** Lock stripes: one date always maps to the same lock, and the set never grows. */
    private static final int STRIPES = 32;

    private final Lake lake;
    private final Path workDir;
    private final EventPublisher publisher;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public PatternMerger(Lake lake, Path workDir, EventPublisher publisher) {
        this.lake = lake;
        this.workDir = workDir;
        this.publisher = publisher;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws IOException, SQLException {
        merge(CODEC.parse(record.value())).ifPresent(publisher::publish);
    }

    /** Merges the job's staged patterns; returns the announcement to publish, if the job had any. */
    public Optional<PatternsUnified> merge(ConsensusPrediction consensus) throws IOException, SQLException {
        List<ObjectInfo> staged = lake.list(LakeKeys.stagedPatternsPrefix(consensus.jobId())).stream()
                .filter(o -> o.key().value().endsWith(".parquet")).toList();
        if (staged.isEmpty()) {
            LOG.info("job {}: no staged patterns to merge", consensus.jobId());
            return Optional.empty();
        }
        ReentrantLock lock = lockOf(consensus.date());
        lock.lock();
        try {
            return Optional.of(mergeLocked(consensus, staged));
        } finally {
            lock.unlock();
        }
    }

    private PatternsUnified mergeLocked(ConsensusPrediction consensus, List<ObjectInfo> staged)
            throws IOException, SQLException {
        TradingDate date = consensus.date();
        ObjectKey target = LakeKeys.unifiedPatterns(date);
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir, "merge-" + consensus.jobId() + "-")) {
            Path dir = scratch.path();
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < staged.size(); i++) {
                Path local = dir.resolve("staged-" + i + ".parquet");
                lake.get(staged.get(i).key(), local);
                files.add(local);
            }
            Optional<Path> current = Optional.empty();
            if (lake.stat(target).isPresent()) {
                Path local = dir.resolve("current.parquet");
                lake.get(target, local);
                current = Optional.of(local);
            }
            Path output = dir.resolve("unified.parquet");
            UnifiedPatterns.Merge merge;
            try (Connection db = DuckDb.open(dir)) {
                merge = UnifiedPatterns.merge(db, current, files, consensus.jobId(), consensus.symbol(), date, output);
            }
            if (merge.changed()) {
                ObjectKey temporary = ObjectKey.of(target.value() + ".v" + merge.version() + ".tmp");
                lake.put(temporary, output);
                lake.move(temporary, target);
                LOG.info("job {}: merged {} staged files into {} v{} ({} rows)", consensus.jobId(), staged.size(),
                        target, merge.version(), merge.rows());
            } else {
                LOG.info("job {}: {} v{} already holds its patterns", consensus.jobId(), target, merge.version());
            }
            return new PatternsUnified(date, target, merge.version(), merge.rows());
        }
    }

    private ReentrantLock lockOf(TradingDate date) {
        return locks[Math.floorMod(date.hashCode(), STRIPES)];
    }
}
