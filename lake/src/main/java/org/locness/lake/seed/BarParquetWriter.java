package org.locness.lake.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.locness.lake.parquet.DuckDb;

/**
 * Writes bars to a local Parquet file in the agreed market-data shape ({@code ts TIMESTAMP, symbol,
 * open, high, low, close DOUBLE, volume BIGINT}). Bulk loads go through DuckDB's Appender (a batched
 * PreparedStatement is ~200× slower); the file appears under its final name only when complete.
 */
public final class BarParquetWriter implements AutoCloseable {
    private static final String TABLE = "seed_bars";

    private final Connection connection;

    public BarParquetWriter(Path workDir) throws SQLException {
        this.connection = DuckDb.open(workDir);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (ts TIMESTAMP, symbol VARCHAR, open DOUBLE, high DOUBLE,"
                    + " low DOUBLE, close DOUBLE, volume BIGINT)");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Writes {@code bars} in time order to {@code target} (ZSTD-compressed), replacing any previous file. */
    public void write(List<Bar> bars, Path target) throws SQLException, IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + TABLE);
            DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
            try (DuckDBAppender appender = duckdb.createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE)) {
                for (Bar bar : bars) {
                    appender.beginRow()
                            .appendEpochMicros(bar.ts().getEpochSecond() * 1_000_000L + bar.ts().getNano() / 1_000)
                            .append(bar.symbol().value())
                            .append(bar.open())
                            .append(bar.high())
                            .append(bar.low())
                            .append(bar.close())
                            .append(bar.volume())
                            .endRow();
                }
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            s.execute("COPY (SELECT * FROM " + TABLE + " ORDER BY ts) TO " + DuckDb.literal(temp)
                    + " (FORMAT PARQUET, COMPRESSION ZSTD)");
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
