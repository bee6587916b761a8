package org.locness.aggregator.gold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.ObjectKey;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.RecordHandler;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each consensus from {@code predictions.consensus} to the lake's gold layer, one Parquet
 * file per job at {@code gold/predictions/date=<d>/symbol=<s>/<jobId>.parquet}, FAILED jobs
 * included (with their reason), so the gold table is the full record of what the ensemble decided.
 *
 * <p>Idempotent: a job's key is fixed, and the exactly-once topology publishes one consensus per
 * job, so an object already at the key is this record's from an earlier delivery and is left as it
 * is. A put is atomic on S3, so a crash never leaves a half-written file for the next delivery to
 * trust.
 */
public final class GoldWriter implements RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GoldWriter.class);
    private static final EventCodec<ConsensusPrediction> CODEC = EventCodec.of(ConsensusPrediction.class);

    private final Lake lake;
    private final Path workDir;

    public GoldWriter(Lake lake, Path workDir) {
        this.lake = lake;
        this.workDir = workDir;
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws IOException, SQLException {
        write(CODEC.parse(record.value()));
    }

    /** Returns the job's gold key, writing the file unless it is already there. */
    public ObjectKey write(ConsensusPrediction consensus) throws IOException, SQLException {
        ObjectKey key = LakeKeys.goldPrediction(consensus.date(), consensus.symbol(), consensus.jobId());
        if (lake.stat(key).isPresent()) {
            LOG.debug("{} already written", key);
            return key;
        }
        Files.createDirectories(workDir);
        Path file = workDir.resolve(StagingFiles.temporary(key.fileName(), UUID.randomUUID().toString()));
        try {
            try (Connection duckDb = DuckDb.open(workDir)) {
                GoldParquet.write(duckDb, consensus, file);
            }
            lake.put(key, file);
            LOG.info("job {}: gold {} written to {}", consensus.jobId(), consensus.status(), key);
            return key;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
