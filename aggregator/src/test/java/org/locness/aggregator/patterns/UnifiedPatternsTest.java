package org.locness.aggregator.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.aggregator.patterns.PatternFiles.Row;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.lake.parquet.DuckDb;

class UnifiedPatternsTest {
    private static final String DATE = "2026-11-29";
    private static final String UP_HIGH = "trend=up|vol=high|volume=spike|gap=none";
    private static final String DOWN_LOW = "trend=down|vol=low|volume=normal|gap=none";

    @TempDir
    Path dir;

    @Test
    void firstMergeWritesVersionOneWithPerSignatureAggregates() throws Exception {
        // given: job 001 on BTC, three models, two signatures
        Path staged = PatternFiles.write(dir, dir.resolve("a.parquet"), "BTC", DATE,
                new Row(UP_HIGH, "gemma-7b", "up", 0.8), new Row(UP_HIGH, "mistral-7b", "down", 0.6),
                new Row(DOWN_LOW, "qwen-7b", "flat", 0.5));

        // when: it is merged into a day with no unified file yet
        UnifiedPatterns.Merge merge = merge(Optional.empty(), List.of(staged), "BTC-2026-11-29-001", "BTC", out(1));

        // then: version 1, three rows, aggregates per signature on each row, the version in the footer
        assertEquals(new UnifiedPatterns.Merge(1, 3, true), merge);
        List<String> rows = query(out(1), "SELECT signature, model, job_id, cases, share_up, share_down, share_flat,"
                + " round(mean_confidence, 6) FROM read_parquet(%s) ORDER BY signature, model");
        assertEquals(List.of(
                DOWN_LOW + ",qwen-7b,BTC-2026-11-29-001,1,0.0,0.0,1.0,0.5",
                UP_HIGH + ",gemma-7b,BTC-2026-11-29-001,2,0.5,0.5,0.0,0.7",
                UP_HIGH + ",mistral-7b,BTC-2026-11-29-001,2,0.5,0.5,0.0,0.7"), rows);
        assertEquals(List.of("BTC," + DATE), query(out(1), "SELECT DISTINCT symbol, date FROM read_parquet(%s)"));
        try (Connection db = DuckDb.open(dir)) {
            assertEquals(1, UnifiedPatterns.currentVersion(db, out(1)));
        }
    }

    @Test
    void mergingTheSameJobAgainChangesNothing() throws Exception {
        // given: job 001 merged once
        Path staged = PatternFiles.write(dir, dir.resolve("a.parquet"), "BTC", DATE, new Row(UP_HIGH, "gemma-7b", "up", 0.8));
        merge(Optional.empty(), List.of(staged), "BTC-2026-11-29-001", "BTC", out(1));

        // when: it is merged again (a redelivered consensus)
        UnifiedPatterns.Merge again = merge(Optional.of(out(1)), List.of(staged), "BTC-2026-11-29-001", "BTC", out(2));

        // then: same version, nothing written
        assertEquals(new UnifiedPatterns.Merge(1, 1, false), again);
        assertFalse(Files.exists(out(2)));
    }

    @Test
    void eachKeyOnceTheHigherJobWinsWhateverTheOrder() throws Exception {
        // given: two jobs of the same symbol and day that share (signature, model) for gemma-7b
        Path first = PatternFiles.write(dir, dir.resolve("1.parquet"), "BTC", DATE,
                new Row(UP_HIGH, "gemma-7b", "up", 0.8), new Row(UP_HIGH, "qwen-7b", "up", 0.7));
        Path second = PatternFiles.write(dir, dir.resolve("2.parquet"), "BTC", DATE,
                new Row(UP_HIGH, "gemma-7b", "down", 0.9), new Row(DOWN_LOW, "qwen-7b", "down", 0.6));

        // when: they are merged in both orders
        merge(Optional.empty(), List.of(first), "BTC-2026-11-29-001", "BTC", out(1));
        UnifiedPatterns.Merge forward = merge(Optional.of(out(1)), List.of(second), "BTC-2026-11-29-002", "BTC", out(2));
        merge(Optional.empty(), List.of(second), "BTC-2026-11-29-002", "BTC", out(3));
        merge(Optional.of(out(3)), List.of(first), "BTC-2026-11-29-001", "BTC", out(4));

        // then: version 2 with three rows; job 002's gemma-7b row replaced 001's; both orders agree
        assertEquals(new UnifiedPatterns.Merge(2, 3, true), forward);
        String rows = "SELECT signature, model, prediction, job_id, cases FROM read_parquet(%s) ORDER BY ALL";
        assertEquals(List.of(
                DOWN_LOW + ",qwen-7b,down,BTC-2026-11-29-002,1",
                UP_HIGH + ",gemma-7b,down,BTC-2026-11-29-002,2",
                UP_HIGH + ",qwen-7b,up,BTC-2026-11-29-001,2"), query(out(2), rows));
        assertEquals(query(out(2), rows), query(out(4), rows));
    }

    @Test
    void otherSymbolsOfTheDayAreKeptAndCountInTheAggregates() throws Exception {
        // given: BTC merged
        Path btc = PatternFiles.write(dir, dir.resolve("btc.parquet"), "BTC", DATE, new Row(UP_HIGH, "gemma-7b", "up", 0.8));
        merge(Optional.empty(), List.of(btc), "BTC-2026-11-29-001", "BTC", out(1));

        // when: ETH with the same signature is merged
        Path eth = PatternFiles.write(dir, dir.resolve("eth.parquet"), "ETH", DATE, new Row(UP_HIGH, "gemma-7b", "down", 0.4));
        merge(Optional.of(out(1)), List.of(eth), "ETH-2026-11-29-001", "ETH", out(2));

        // then: both rows, one signature summary over both symbols
        assertEquals(List.of("BTC,2,0.5,0.6", "ETH,2,0.5,0.6"),
                query(out(2), "SELECT symbol, cases, share_up, round(mean_confidence, 6) FROM read_parquet(%s) ORDER BY symbol"));
    }

    @Test
    void filesThatAreNotPatternRowsAreRejectedNamingTheJob() throws Exception {
        // given: a staged file without a confidence column, and one with a confidence above 1
        Path noConfidence = dir.resolve("bad.parquet");
        try (Connection db = DuckDb.open(dir); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT 'sig' AS signature, 'gemma-7b' AS model, 'up' AS prediction) TO "
                    + DuckDb.literal(noConfidence) + " (FORMAT PARQUET)");
        }
        Path tooConfident = PatternFiles.write(dir, dir.resolve("conf.parquet"), "BTC", DATE, new Row(UP_HIGH, "gemma-7b", "up", 1.5));

        // when / then: each merge fails as invalid input, naming the job's staging prefix
        InvalidEventException missing = assertThrows(InvalidEventException.class,
                () -> merge(Optional.empty(), List.of(noConfidence), "BTC-2026-11-29-001", "BTC", out(1)));
        assertEquals("staging/patterns/BTC-2026-11-29-001", missing.field());
        assertTrue(missing.reason().contains("not pattern rows"), missing.reason());
        InvalidEventException outOfRange = assertThrows(InvalidEventException.class,
                () -> merge(Optional.empty(), List.of(tooConfident), "BTC-2026-11-29-001", "BTC", out(2)));
        assertTrue(outOfRange.reason().contains("1 staged pattern rows"), outOfRange.reason());
    }

    private UnifiedPatterns.Merge merge(Optional<Path> current, List<Path> staged, String jobId, String symbol, Path output)
            throws SQLException {
        try (Connection db = DuckDb.open(dir)) {
            return UnifiedPatterns.merge(db, current, staged, JobId.of(jobId), Symbol.of(symbol), TradingDate.of(DATE), output);
        }
    }

    private Path out(int n) {
        return dir.resolve("unified-" + n + ".parquet");
    }

    private List<String> query(Path file, String sql) throws SQLException {
        try (Connection db = DuckDb.open(dir); Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql.formatted(DuckDb.literal(file)))) {
            List<String> rows = new ArrayList<>();
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(r.getObject(i)));
                }
                rows.add(String.join(",", values));
            }
            return rows;
        }
    }
}
