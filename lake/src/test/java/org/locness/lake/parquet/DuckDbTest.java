package org.locness.lake.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsParquetLocallyWithoutExtensions() throws Exception {
        Path file = dir.resolve("bars.parquet");
        try (Connection db = DuckDb.open(dir.resolve("work")); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT range AS i, range * 1.5 AS price FROM range(100)) TO " + DuckDb.literal(file)
                    + " (FORMAT PARQUET)");
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(price) FROM read_parquet(" + DuckDb.literal(file) + ")")) {
                rs.next();
                assertEquals(100, rs.getLong(1));
                assertEquals(7425.0, rs.getDouble(2), 1e-9);
            }
        }
        assertTrue(Files.size(file) > 0);
        assertTrue(Files.notExists(Path.of(System.getProperty("user.home"), ".duckdb", "extensions", "never-created")));
    }

    @Test
    void aConnectionKeepsNoBytesOfTheFilesItRead() throws Exception {
        Path file = dir.resolve("bars.parquet");
        try (Connection db = DuckDb.open(dir.resolve("work"), 1); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT range AS value FROM range(100000)) TO " + DuckDb.literal(file) + " (FORMAT PARQUET)");
            assertEquals(4_999_950_000L, DuckDb.count(s, "SELECT CAST(sum(value) AS BIGINT) FROM read_parquet("
                    + DuckDb.literal(file) + ")"));

            assertEquals(0, DuckDb.count(s, "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT)"
                    + " FROM duckdb_memory() WHERE tag = 'EXTERNAL_FILE_CACHE'"),
                    "files are read once: a cache of them in a long-lived connection would only grow");
        }
    }

    @Test
    void quotesInPathsAreEscaped() {
        assertEquals("'/tmp/it''s.parquet'", DuckDb.literal(Path.of("/tmp/it's.parquet")));
    }

    @Test
    void aTextLiteralCountsAndTheFirstLineOfAMessage() throws Exception {
        try (Connection db = DuckDb.open(dir.resolve("db")); Statement s = db.createStatement()) {
            assertEquals(1, DuckDb.count(s, "SELECT count(*) WHERE " + DuckDb.literal("it's") + " = 'it''s'"));
        }
        assertEquals("Binder Error: no column", DuckDb.firstLine("Binder Error: no column\nLINE 1: SELECT"));
        assertEquals("null", DuckDb.firstLine(null));
    }

    @Test
    void aConnectionRunsOnTheThreadsItIsGiven() throws Exception {
        try (Connection db = DuckDb.open(dir.resolve("work"), 1); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
            rs.next();
            assertEquals(1, rs.getLong(1));
        }
        assertThrows(IllegalArgumentException.class, () -> DuckDb.open(dir.resolve("work"), 0));
    }
}
