package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.lake.parquet.DuckDb;

class PrepDuckDbTest {
    @TempDir
    Path dir;

    @Test
    void connectionsToAKeptDatabaseShareItButNotWhatTheyCreate() throws Exception {
        try (PrepDuckDb duckdb = PrepDuckDb.kept(dir)) {
            try (Connection first = duckdb.connect(dir.resolve("unused")); Statement s = first.createStatement()) {
                s.execute("CREATE TEMP TABLE days AS SELECT 1 AS day");
                s.execute("CREATE TABLE shared AS SELECT 2 AS value");
            }
            try (Connection second = duckdb.connect(dir.resolve("unused")); Statement s = second.createStatement()) {
                assertEquals(2, DuckDb.count(s, "SELECT value FROM shared"), "one database");
                assertEquals(0, DuckDb.count(s, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'days'"),
                        "a connection's TEMP tables go with it");
                assertEquals(1, DuckDb.count(s, "SELECT CAST(current_setting('threads') AS BIGINT)"));
            }
        }
        assertTrue(Files.isDirectory(dir.resolve(PrepDuckDb.KEPT_DIRECTORY)));
        assertTrue(Files.notExists(dir.resolve("unused")));
    }

    @Test
    void aDatabasePerUseIsOpenedInTheDirectoryGivenAndSharesNothing() throws Exception {
        PrepDuckDb duckdb = PrepDuckDb.perUse();
        try (Connection first = duckdb.connect(dir.resolve("first")); Statement s = first.createStatement()) {
            s.execute("CREATE TABLE shared AS SELECT 2 AS value");
            try (Connection second = duckdb.connect(dir.resolve("second")); Statement t = second.createStatement()) {
                assertEquals(0, DuckDb.count(t, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'shared'"));
                assertEquals(1, DuckDb.count(t, "SELECT CAST(current_setting('threads') AS BIGINT)"));
            }
        }
        assertTrue(Files.isDirectory(dir.resolve("first")));
        assertTrue(Files.isDirectory(dir.resolve("second")));
        duckdb.close();
    }

    @Test
    void aClosedKeptDatabaseGivesNoConnection() throws Exception {
        PrepDuckDb duckdb = PrepDuckDb.kept(dir);
        duckdb.close();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> duckdb.connect(dir));
        assertEquals("the prep's DuckDB is closed", e.getMessage());
        duckdb.close();
    }

    @Test
    void aKeptDatabaseNeedsItsDirectory() throws Exception {
        Files.writeString(dir.resolve(PrepDuckDb.KEPT_DIRECTORY), "a file where the directory should go");

        assertThrows(UncheckedIOException.class, () -> PrepDuckDb.kept(dir));
    }

    @Test
    void aDatabasePerUseNeedsItsDirectory() throws Exception {
        Files.writeString(dir.resolve("taken"), "a file where the directory should go");

        assertThrows(UncheckedIOException.class, () -> PrepDuckDb.perUse().connect(dir.resolve("taken")));
    }

    /**
     * A kept database that no longer runs a query (as DuckDB's are after a fatal error) is replaced
     * when the next connection is asked for; a connection taken before goes on with the old one.
     */
    @Test
    void aKeptDatabaseThatRunsNoQueryIsReplacedAndEarlierConnectionsKeepTheirs() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        try (PrepDuckDb duckdb = PrepDuckDb.kept(dir, c -> {
            checks.incrementAndGet();
            if (broken.getAndSet(false)) {
                throw new SQLException("FATAL Error: database has been invalidated");
            }
        })) {
            try (Connection before = duckdb.connect(dir); Statement s = before.createStatement()) {
                s.execute("CREATE TABLE marker AS SELECT 7 AS value");
                broken.set(true);

                try (Connection after = duckdb.connect(dir); Statement t = after.createStatement()) {
                    assertEquals(0, DuckDb.count(t, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marker'"),
                            "a new database");
                    assertEquals(1, DuckDb.count(t, "SELECT CAST(current_setting('threads') AS BIGINT)"));
                }
                assertEquals(7, DuckDb.count(s, "SELECT value FROM marker"), "the old one lives on for its connection");
            }
            try (Connection next = duckdb.connect(dir); Statement s = next.createStatement()) {
                assertEquals(0, DuckDb.count(s, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marker'"));
            }
            assertEquals(3, checks.get());
        }
    }

    /** When the replacement cannot be opened either, the connect fails and the next one tries again. */
    @Test
    void aReplacementThatCannotBeOpenedFailsTheConnectAndIsTriedAgain() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        try (PrepDuckDb duckdb = PrepDuckDb.kept(dir, c -> {
            if (broken.get()) {
                throw new SQLException("FATAL Error: database has been invalidated");
            }
        })) {
            Path keptDir = dir.resolve(PrepDuckDb.KEPT_DIRECTORY);
            try (Stream<Path> paths = Files.walk(keptDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
            Files.writeString(keptDir, "a file where the directory should go");
            broken.set(true);

            assertThrows(UncheckedIOException.class, () -> duckdb.connect(dir));

            Files.delete(keptDir);
            try (Connection next = duckdb.connect(dir); Statement s = next.createStatement()) {
                assertEquals(1, DuckDb.count(s, "SELECT 1"), "replaced on the next connect");
            }
            assertTrue(Files.isDirectory(keptDir));
        }
    }

    /** A connection closed by its user leaves the kept database open for the next. */
    @Test
    void closingAConnectionKeepsTheDatabase() throws SQLException {
        try (PrepDuckDb duckdb = PrepDuckDb.kept(dir)) {
            duckdb.connect(dir).close();
            try (Connection next = duckdb.connect(dir); Statement s = next.createStatement()) {
                assertEquals(1, DuckDb.count(s, "SELECT 1"));
            }
        }
    }
}
