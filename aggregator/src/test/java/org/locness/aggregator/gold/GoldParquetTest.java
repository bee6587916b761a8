package org.locness.aggregator.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.parquet.DuckDb;

class GoldParquetTest {
    @TempDir
    Path dir;

    @Test
    void goldFilesInTheirHivePathsReadAsOneTable() throws Exception {
        // given: a PARTIAL and a FAILED consensus
        ConsensusPrediction partial = new ConsensusPrediction(JobId.of("BTC-2026-11-29-001"), Symbol.of("BTC"),
                TradingDate.of("2026-11-29"), ConsensusStatus.PARTIAL, true, "up",
                Map.of("up", 0.6, "down", 0.3, "flat", 0.1), 0.6, 0.75, 0.9, List.of(ModelName.of("gemma-7b")),
                List.of(ModelName.of("qwen-7b")), List.of(), null, Instant.parse("2026-11-29T10:10:00Z"), null);
        ConsensusPrediction failed = new ConsensusPrediction(JobId.of("ETH-2026-11-30-001"), Symbol.of("ETH"),
                TradingDate.of("2026-11-30"), ConsensusStatus.FAILED, false, null, null, null, null, null, List.of(),
                List.of(ModelName.of("gemma-7b")), List.of(ModelName.of("qwen-7b")), "deadline passed",
                Instant.parse("2026-11-30T10:10:00Z"), null);

        // when: each is written at its gold key under a local root
        try (Connection db = DuckDb.open(dir)) {
            for (ConsensusPrediction p : List.of(partial, failed)) {
                Path file = dir.resolve("lake").resolve(LakeKeys.goldPrediction(p.date(), p.symbol(), p.jobId()).value());
                Files.createDirectories(file.getParent());
                GoldParquet.write(db, p, file);
            }
        }

        // then: one query over the tree sees both, partition columns typed, nulls where FAILED has none
        try (Connection db = DuckDb.open(dir); Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT job_id, symbol, date, typeof(date), status, partial, prediction,"
                        + " probabilities['up'], confidence, models_used, models_missing, models_failed, reason,"
                        + " epoch_ms(published_at) FROM read_parquet("
                        + DuckDb.literal(dir.resolve("lake/gold/predictions/**/*.parquet"))
                        + ", hive_partitioning = true) ORDER BY date")) {
            assertTrue(r.next());
            assertEquals("BTC-2026-11-29-001", r.getString(1));
            assertEquals("BTC", r.getString(2));
            assertEquals("2026-11-29", r.getString(3));
            assertEquals("DATE", r.getString(4));
            assertEquals("PARTIAL", r.getString(5));
            assertTrue(r.getBoolean(6));
            assertEquals("up", r.getString(7));
            assertEquals(0.6, r.getDouble(8), 1e-12);
            assertEquals(0.6, r.getDouble(9), 1e-12);
            assertEquals("[gemma-7b]", r.getString(10));
            assertEquals("[qwen-7b]", r.getString(11));
            assertEquals("[]", r.getString(12));
            assertNull(r.getString(13));
            assertEquals(Instant.parse("2026-11-29T10:10:00Z").toEpochMilli(), r.getLong(14));
            assertTrue(r.next());
            assertEquals("FAILED", r.getString(5));
            assertFalse(r.getBoolean(6));
            assertNull(r.getString(7));
            assertNull(r.getObject(9));
            assertEquals("deadline passed", r.getString(13));
            assertFalse(r.next());
        }
    }
}
