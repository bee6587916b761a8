package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.ParquetTable;
import org.locness.events.lake.ParquetTable.Column;
import org.locness.lake.parquet.DuckDb;

/** A one-row file encoded in Java reads as DuckDB's own file of the same row does, schema and values. */
class OneRowParquetTest {
    private static final List<Object> OUTPUT = List.of("BTC-2026-11-27-001", "BTC", "2026-11-27", "gemma-7b-tiny", "vm1",
            "down", 0.125, 0.24800207164919502, 1.0E-7, 1234, 45L, "trend=up|vol=low|volume=normal|gap=none",
            "[{\"model\":\"gemma-7b-tiny\",\"node\":\"vm1\",\"weight\":1.5}]");

    @TempDir
    Path dir;

    @Test
    void theOutputRowReadsAsDuckDbsCopyOfIt() throws Exception {
        assertSameAsDuckDb(LakeTables.OUTPUT_ROW, OUTPUT);
    }

    @Test
    void thePatternsRowReadsAsDuckDbsCopyOfIt() throws Exception {
        assertSameAsDuckDb(LakeTables.PATTERN_ROW, List.of("trend=down|vol=high|volume=spike|gap=up", "ETH",
                "1999-12-31", "qwen-7b-tiny", "flat", 0.3333333333333333, "ETH-1999-12-31-042"));
    }

    @Test
    void nullsNegativesTextBeyondAsciiAndManyColumns() throws Exception {
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        String[] types = {"VARCHAR", "DATE", "DOUBLE", "INTEGER", "BIGINT"};
        Object[] samples = {"Zürich – 東京 'quoted'", "1970-01-01", -0.0, Integer.MIN_VALUE, Long.MIN_VALUE};
        for (int i = 0; i < 20; i++) {
            columns.add(new Column("c" + i, types[i % types.length]));
            values.add(i % 7 == 6 ? null : samples[i % samples.length]);
        }
        assertSameAsDuckDb(new ParquetTable(columns), values);
    }

    @Test
    void readTogetherWithFilesDuckDbWrote() throws Exception {
        Path ours = Files.write(dir.resolve("ours.parquet"), OneRowParquet.of(LakeTables.OUTPUT_ROW, OUTPUT));
        try (Connection db = DuckDb.open(dir.resolve("work")); Statement s = db.createStatement()) {
            Path theirs = dir.resolve("theirs.parquet");
            s.execute("COPY (" + LakeTables.OUTPUT_ROW.selectRow(OUTPUT) + ") TO " + DuckDb.literal(theirs)
                    + " (FORMAT PARQUET)");
            List<String> rows = query(s, "SELECT DISTINCT * FROM read_parquet([" + DuckDb.literal(ours) + ", "
                    + DuckDb.literal(theirs) + "], union_by_name = true)");

            assertEquals(1, rows.size(), "both files hold the same row: " + rows);
        }
    }

    @Test
    void aValueThatDoesNotFitItsColumnIsRefused() {
        ParquetTable table = new ParquetTable(List.of(new Column("n", "INTEGER")));

        assertThrows(IllegalArgumentException.class, () -> OneRowParquet.of(table, List.of(1L << 40)));
        assertThrows(IllegalArgumentException.class, () -> OneRowParquet.of(table, List.of("12")));
        assertThrows(IllegalArgumentException.class, () -> OneRowParquet.of(table, List.of(1, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> OneRowParquet.of(new ParquetTable(List.of(new Column("b", "BLOB"))), List.of("x")));
    }

    private void assertSameAsDuckDb(ParquetTable table, List<?> values) throws Exception {
        Path ours = Files.write(dir.resolve("ours.parquet"), OneRowParquet.of(table, values));
        Path theirs = dir.resolve("theirs.parquet");
        try (Connection db = DuckDb.open(dir.resolve("work")); Statement s = db.createStatement()) {
            s.execute("COPY (" + table.selectRow(values) + ") TO " + DuckDb.literal(theirs) + " (FORMAT PARQUET)");

            assertEquals(schema(s, theirs), schema(s, ours));
            assertEquals(query(s, "DESCRIBE SELECT * FROM read_parquet(" + DuckDb.literal(theirs) + ")"),
                    query(s, "DESCRIBE SELECT * FROM read_parquet(" + DuckDb.literal(ours) + ")"));
            assertEquals(query(s, "SELECT * FROM read_parquet(" + DuckDb.literal(theirs) + ")"),
                    query(s, "SELECT * FROM read_parquet(" + DuckDb.literal(ours) + ")"));
            assertEquals(query(s, "SELECT count(*) FROM read_parquet(" + DuckDb.literal(ours) + ")"), List.of("1"));
        }
    }

    /** Each leaf's name, physical type, repetition and converted type (the root's name is the writer's own). */
    private static List<String> schema(Statement s, Path file) throws Exception {
        return query(s, "SELECT name, type, repetition_type, converted_type, duckdb_type FROM parquet_schema("
                + DuckDb.literal(file) + ") WHERE type IS NOT NULL");
    }

    /** Each row's columns joined with '|'. */
    private static List<String> query(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                String[] cells = new String[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = rs.getString(i + 1);
                }
                out.add(String.join("|", Arrays.asList(cells)));
            }
            return out;
        }
    }
}
