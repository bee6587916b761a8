package org.locness.ingest.daily.context;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.locness.lake.parquet.DuckDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the prep's DuckDB connections come from; each is used by one thread and runs its queries on
 * that thread alone, so every float sum keeps one order.
 *
 * <p>A worker keeps one in-memory database open for its life ({@link #kept}) and gives every read part
 * and every compute a connection of its own to it: a fresh database takes ~20 ms to open and runs its
 * first queries about half as fast as a database that has run some (measured on 50 market files: 230
 * against 125 ms of CPU), which on a daily run was a third of the compute. What a prep creates there is
 * {@code TEMP} and goes with its connection, and the kept database caches no Parquet metadata, so
 * nothing of a run outlives it: every run reads its files whole. A kept database that no longer runs
 * a query (DuckDB invalidates a database after a fatal error until it is opened again) is replaced
 * by a new one when the next connection is asked for, so one failure does not fail every later prep.
 *
 * <p>Without a kept database ({@link #perUse}) each connection is a database of its own, opened in the
 * directory given and gone when closed: for one-off computes that keep nothing.
 */
public final class PrepDuckDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrepDuckDb.class);
    /** The kept database's directory (extensions, spill files) under the worker's work directory. */
    public static final String KEPT_DIRECTORY = "duckdb";

    /** Whether a new connection to the kept database runs a query; a seam for tests. */
    interface Check {
        void run(Connection connection) throws SQLException;
    }

    private final Path keptDir;
    private final Check check;
    private DuckDBConnection kept;
    private boolean closed;

    private PrepDuckDb(Path keptDir, Check check, DuckDBConnection kept) {
        this.keptDir = keptDir;
        this.check = check;
        this.kept = kept;
    }

    /** A database per connection, opened in the directory {@link #connect} is given. */
    public static PrepDuckDb perUse() {
        return new PrepDuckDb(null, null, null);
    }

    /** One database kept open until {@link #close}, its files in {@code workDir}/{@value #KEPT_DIRECTORY}. */
    public static PrepDuckDb kept(Path workDir) throws SQLException {
        return kept(workDir, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        });
    }

    static PrepDuckDb kept(Path workDir, Check check) throws SQLException {
        Path dir = workDir.resolve(KEPT_DIRECTORY);
        return new PrepDuckDb(dir, check, open(dir));
    }

    private static DuckDBConnection open(Path dir) throws SQLException {
        Connection db = DuckDb.open(dir, 1);
        try {
            return db.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A connection of its own, single-threaded; the caller closes it. A database of its own in
     * {@code dir} when none is kept (the footers the reader checks are then cached for its scan), else
     * a new connection to the kept one ({@code dir} unused).
     */
    Connection connect(Path dir) throws SQLException {
        if (keptDir == null) {
            Connection db = DuckDb.open(dir, 1);
            try (Statement s = db.createStatement()) {
                s.execute("SET parquet_metadata_cache = true");
            } catch (SQLException e) {
                db.close();
                throw e;
            }
            return db;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the prep's DuckDB is closed");
            }
            Connection connection = kept.duplicate();
            try {
                check.run(connection);
                return connection;
            } catch (SQLException e) {
                connection.close();
                LOG.warn("daily prep: the kept DuckDB runs no query ({}), opening a new one", DuckDb.firstLine(e.getMessage()));
            }
            DuckDBConnection broken = kept;
            kept = open(keptDir);
            closeQuietly(broken);
            return kept.duplicate();
        }
    }

    /** Connections still open on a replaced database keep it until they close. */
    private static void closeQuietly(Connection broken) {
        try {
            broken.close();
        } catch (SQLException e) {
            LOG.warn("daily prep: the replaced DuckDB did not close cleanly: {}", DuckDb.firstLine(e.getMessage()));
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        if (kept != null) {
            kept.close();
        }
    }
}
