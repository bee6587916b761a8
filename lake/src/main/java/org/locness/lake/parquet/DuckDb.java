package org.locness.lake.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * In-process DuckDB for Parquet work. Objects are downloaded first and read with
 * {@code read_parquet} on local files: httpfs is not bundled and cannot be installed offline.
 */
public final class DuckDb {
    private DuckDb() {
    }

    /**
     * An in-memory database whose extension directory lives under {@code workDir}, so a failed
     * autoload never writes to {@code ~/.duckdb}, and which keeps nothing of the files it reads.
     * Parquet support is built in.
     */
    public static Connection open(Path workDir) throws SQLException {
        return open(workDir, 2);
    }

    /**
     * As {@link #open(Path)}, with {@code threads} worker threads: 1 where several connections
     * each read small files at once and parallel scans would only contend.
     */
    public static Connection open(Path workDir, int threads) throws SQLException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        Connection connection = DriverManager.getConnection("jdbc:duckdb:", props);
        try (Statement s = connection.createStatement()) {
            s.execute("SET extension_directory = '" + sqlString(workDir.resolve(".duckdb-extensions").toString()) + "'");
            s.execute("SET temp_directory = '" + sqlString(workDir.resolve(".duckdb-tmp").toString()) + "'");
            s.execute("SET threads = " + threads);
            // DuckDB would keep the bytes it reads of every local file (~12 KB a market file) until it
            // runs out of memory; ours are downloads read once, so in a long-lived connection (the prep
            // worker's, a node's) that cache only grows.
            s.execute("SET enable_external_file_cache = false");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Escapes a value for a single-quoted SQL literal (paths only ever come from validated names). */
    public static String sqlString(String value) {
        return value.replace("'", "''");
    }

    /** {@code 'path'} ready to drop into {@code read_parquet(...)} or {@code COPY ... TO}. */
    public static String literal(Path path) {
        return literal(path.toAbsolutePath().toString());
    }

    /** {@code 'value'}, a single-quoted SQL string literal. */
    public static String literal(String value) {
        return "'" + sqlString(value) + "'";
    }

    /** The one number a query such as {@code SELECT count(*) ...} returns. */
    public static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first line of a DuckDB message, which runs to several: what a log line keeps. */
    public static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
