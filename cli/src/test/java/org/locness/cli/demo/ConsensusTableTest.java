package org.locness.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

class ConsensusTableTest {
    @Test
    void rowsLineUpWithTheHeaderAndNameMissingModels() {
        ConsensusPrediction partial = new ConsensusPrediction(JobId.of("BTC-2026-11-29-001"), Symbol.of("BTC"),
                TradingDate.of("2026-11-29"), ConsensusStatus.PARTIAL, true, "up", Map.of("up", 0.5, "down", 0.3, "flat", 0.2),
                0.5, 0.8, 1.03, List.of(ModelName.of("a")), List.of(ModelName.of("b")), List.of(), null, Instant.EPOCH, null);

        String row = ConsensusTable.row(partial);

        assertEquals(ConsensusTable.header().indexOf("up "), row.indexOf("0.500"));
        assertTrue(row.contains("yes"), row);
        assertTrue(row.endsWith("missing [b]"), row);
    }

    @Test
    void failedRowsCarryTheReason() {
        ConsensusPrediction failed = new ConsensusPrediction(JobId.of("ETH-2026-11-29-001"), Symbol.of("ETH"),
                TradingDate.of("2026-11-29"), ConsensusStatus.FAILED, false, null, null, null, null, null, List.of(),
                List.of(ModelName.of("a")), List.of(), "below quorum", Instant.EPOCH, null);

        assertTrue(ConsensusTable.row(failed).contains("FAILED   below quorum"), ConsensusTable.row(failed));
    }

    @Test
    void theDemoRefusesToClearADirectoryItDidNotCreate(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "precious");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoCommand.prepareDataDir(dir));

        assertTrue(e.getMessage().contains("was not made by `locness demo`"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("thesis.tex")));
    }
}
