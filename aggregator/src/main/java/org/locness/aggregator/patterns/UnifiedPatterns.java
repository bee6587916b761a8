package org.locness.aggregator.patterns;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.ParquetTable;
import org.locness.lake.parquet.DuckDb;

/**
 * The DuckDB side of a merge: a day's unified file plus one job's staged pattern files in, the
 * next version of the day's file out.
 *
 * <p>The unified file is one table. Each row is one pattern, (signature, symbol, date, model)
 * unique: the columns of {@link LakeTables#PATTERN_ROW}. The
 * per-signature aggregates over the whole day are extra columns repeated on each row of the
 * signature, so a reader gets a signature's history and its summary with one filter:
 * cases BIGINT (rows with the signature), share_up, share_down, share_flat DOUBLE (share of those
 * rows predicting each label, case-insensitive), mean_confidence DOUBLE. The version is in the
 * Parquet footer's key-value metadata under {@value #VERSION_KEY}.
 *
 * <p>When two jobs give the same (signature, symbol, date, model), the higher job id wins (then the
 * higher confidence, then the prediction): the result depends only on which jobs were merged, not
 * on their order, and merging a job again changes nothing.
 */
final class UnifiedPatterns {
    static final String VERSION_KEY = "locness_version";
    private static final String COLUMNS = LakeTables.PATTERN_ROW.columnList();

    /** The outcome of a merge: what to announce, and whether a new file was written. */
    record Merge(long version, long rows, boolean changed) {
    }

    private UnifiedPatterns() {
    }

    /**
     * @param current the day's current unified file, if there is one
     * @param staged  the job's staged pattern files, downloaded
     * @param output  where to write the new version (only written when it differs from the current)
     * @throws InvalidEventException if the staged files are not pattern rows
     */
    static Merge merge(Connection db, Optional<Path> current, List<Path> staged, JobId jobId, Symbol symbol,
            TradingDate date, Path output) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(LakeTables.PATTERN_ROW.createTempTableSql("existing"));
            long version = 0;
            if (current.isPresent()) {
                s.execute("INSERT INTO existing SELECT " + COLUMNS + " FROM read_parquet(" + DuckDb.literal(current.get()) + ")");
                version = currentVersion(db, current.get());
            }
            loadIncoming(db, staged, jobId, symbol, date);
            s.execute("""
                    CREATE TEMP TABLE merged AS
                    SELECT * FROM (SELECT * FROM existing UNION ALL SELECT * FROM incoming)
                    QUALIFY row_number() OVER (PARTITION BY signature, symbol, date, model
                                               ORDER BY job_id DESC, confidence DESC, prediction) = 1
                    """);
            long rows = DuckDb.count(s, "SELECT count(*) FROM merged");
            boolean changed = DuckDb.count(s, "SELECT count(*) FROM (SELECT * FROM merged EXCEPT ALL SELECT * FROM existing)") > 0
                    || DuckDb.count(s, "SELECT count(*) FROM (SELECT * FROM existing EXCEPT ALL SELECT * FROM merged)") > 0;
            if (!changed) {
                return new Merge(version, rows, false);
            }
            long next = version + 1;
            s.execute("""
                    COPY (
                        SELECT %s,
                               count(*) OVER w AS cases,
                               avg(CASE WHEN lower(prediction) = 'up' THEN 1.0 ELSE 0.0 END) OVER w AS share_up,
                               avg(CASE WHEN lower(prediction) = 'down' THEN 1.0 ELSE 0.0 END) OVER w AS share_down,
                               avg(CASE WHEN lower(prediction) = 'flat' THEN 1.0 ELSE 0.0 END) OVER w AS share_flat,
                               avg(confidence) OVER w AS mean_confidence
                        FROM merged
                        WINDOW w AS (PARTITION BY signature)
                        ORDER BY signature, symbol, model
                    ) TO %s (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA {%s: '%d'})
                    """.formatted(COLUMNS, DuckDb.literal(output), VERSION_KEY, next));
            return new Merge(next, rows, true);
        }
    }

    /**
     * Reads the job's rows. The job's own symbol, date and id are authoritative (the files sit under
     * the job's prefix); signature, model, prediction and confidence come from the files.
     */
    private static void loadIncoming(Connection db, List<Path> staged, JobId jobId, Symbol symbol, TradingDate date)
            throws SQLException {
        String files = staged.stream().map(DuckDb::literal).collect(Collectors.joining(", ", "[", "]"));
        Map<String, String> fromTheJob = Map.of("symbol", symbol.value(), "date", date.value(), "job_id", jobId.value());
        List<String> columns = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (ParquetTable.Column column : LakeTables.PATTERN_ROW.columns()) {
            String value = fromTheJob.get(column.name());
            if (value != null) {
                parameters.add(value);
            }
            columns.add("CAST(" + (value == null ? column.name() : "?") + " AS " + column.type() + ") AS " + column.name());
        }
        String sql = "CREATE TEMP TABLE incoming AS SELECT " + String.join(", ", columns) + " FROM read_parquet("
                + files + ", union_by_name = true)";
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                p.setString(i + 1, parameters.get(i));
            }
            p.execute();
        } catch (SQLException e) {
            if (isBadInput(e)) {
                throw new InvalidEventException("staging/patterns/" + jobId, "staged pattern files are not pattern rows"
                        + " (signature, model, prediction, confidence): " + DuckDb.firstLine(e.getMessage()), e);
            }
            throw e;
        }
        try (Statement s = db.createStatement()) {
            long bad = DuckDb.count(s, "SELECT count(*) FROM incoming WHERE signature IS NULL OR trim(signature) = ''"
                    + " OR model IS NULL OR prediction IS NULL OR confidence IS NULL OR NOT isfinite(confidence)"
                    + " OR confidence < 0 OR confidence > 1");
            if (bad > 0) {
                throw new InvalidEventException("staging/patterns/" + jobId, bad + " staged pattern rows lack a signature,"
                        + " model or prediction, or have a confidence outside [0, 1]");
            }
        }
    }

    static long currentVersion(Connection db, Path file) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT decode(value) FROM parquet_kv_metadata("
                + DuckDb.literal(file) + ") WHERE decode(key) = ?")) {
            p.setString(1, VERSION_KEY);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Long.parseLong(r.getString(1)) : 0;
            }
        }
    }

    /** DuckDB's errors for files that are not what they claim to be, as opposed to the machine failing. */
    private static boolean isBadInput(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("Binder Error") || message.contains("Conversion Error")
                || message.contains("Invalid Input Error") || message.contains("Invalid Error");
    }
}
