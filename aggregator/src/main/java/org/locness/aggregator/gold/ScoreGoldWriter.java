package org.locness.aggregator.gold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.id.ObjectKey;
import org.locness.events.json.EventCodec;
import org.locness.events.json.EventJson;
import org.locness.events.kafka.RecordHandler;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.StagingFiles;
import org.locness.events.scores.ModelScore;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each {@code scores.daily} record to the gold layer as a one-row Parquet file
 * ({@link LakeTables#SCORE_ROW}) at {@code gold/scores/date=<asOf>/part-<partition>-<offset>.parquet},
 * so the tree reads as one Hive-partitioned table of every published score and its history.
 *
 * <p>Idempotent: the key is the record's topic position, so a replayed record finds its file and
 * leaves it; a put is atomic, so a crash never leaves half a file behind.
 */
public final class ScoreGoldWriter implements RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreGoldWriter.class);
    private static final EventCodec<ModelScore> CODEC = EventCodec.of(ModelScore.class);

    private final Lake lake;
    private final Path workDir;

    public ScoreGoldWriter(Lake lake, Path workDir) {
        this.lake = lake;
        this.workDir = workDir;
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws IOException, SQLException {
        ModelScore score = CODEC.parse(record.value());
        ObjectKey key = LakeKeys.goldScore(score.asOf(), record.partition(), record.offset());
        if (lake.stat(key).isPresent()) {
            LOG.debug("{} already written", key);
            return;
        }
        Files.createDirectories(workDir);
        Path file = workDir.resolve(StagingFiles.temporary(key.fileName(), UUID.randomUUID().toString()));
        try {
            try (Connection duckDb = DuckDb.open(workDir); Statement s = duckDb.createStatement()) {
                String row = LakeTables.SCORE_ROW.selectRow(Arrays.asList(score.name(), score.scope(),
                        score.asOf().value(), score.jobs(), score.brier(), score.logLoss(), score.hitRate(),
                        score.ece(), EventJson.write(score.calibration()), score.updatedAt()));
                s.execute("COPY (" + row + ") TO " + DuckDb.literal(file) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
            }
            lake.put(key, file);
            LOG.debug("score {} as of {} written to {}", score.recordKey(), score.asOf(), key);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
