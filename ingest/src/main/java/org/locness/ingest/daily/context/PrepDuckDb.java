package org.locness.ingest.daily.context;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.locness.lake.parquet.DuckDb;

/**
 * Where the prep's DuckDB connections come from; each is used by one thread and runs its queries on
 * that thread alone, so every float sum keeps one order.
 *
 * <p>A worker keeps one in-memory database open for its life ({@link #kept}) and gives every read part
 * and every compute a connection of its own to it: a fresh database takes ~20 ms to open and runs its
 * first queries about half as fast as a database that has run some (measured on 50 market files: 230
 * against 125 ms of CPU), which on a daily run was a third of the compute. What a prep creates there is
 * {@code TEMP} and goes with its connection, and the kept database caches no Parquet metadata, so
 * nothing of a run outlives it: every run reads its files whole.
 *
 * <p>Without a kept database ({@link #perUse}) each connection is a database of its own, opened in the
 * directory given and gone when closed: for one-off computes that keep nothing.
 */
public final class PrepDuckDb implements AutoCloseable {
    /** The kept database's directory (extensions, spill files) under the worker's work directory. */
    public static final String KEPT_DIRECTORY = "duckdb";

    private final DuckDBConnection kept;

    private PrepDuckDb(DuckDBConnection kept) {
        this.kept = kept;
    }

    /** A database per connection, opened in the directory {@link #connect} is given. */
    public static PrepDuckDb perUse() {
        return new PrepDuckDb(null);
    }

    /** One database kept open until {@link #close}, its files in {@code workDir}/{@value #KEPT_DIRECTORY}. */
    public static PrepDuckDb kept(Path workDir) throws SQLException {
        Connection db = DuckDb.open(workDir.resolve(KEPT_DIRECTORY), 1);
        try {
            return new PrepDuckDb(db.unwrap(DuckDBConnection.class));
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
        if (kept == null) {
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
            if (kept.isClosed()) {
                throw new IllegalStateException("the prep's DuckDB is closed");
            }
            return kept.duplicate();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (kept != null) {
            kept.close();
        }
    }
}
