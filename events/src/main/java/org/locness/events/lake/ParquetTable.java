package org.locness.events.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of a Parquet table that one module writes and another reads, in order, with their
 * DuckDB types. Writers build their row with {@link #selectRow(List)}, readers name the columns with
 * {@link #columnList()}, so both sides take the schema from one place ({@link LakeTables}).
 */
public record ParquetTable(List<Column> columns) {

    /** One column: its name and DuckDB type ({@code VARCHAR}, {@code DATE}, {@code DOUBLE}, ...). */
    public record Column(String name, String type) {
    }

    public ParquetTable {
        columns = List.copyOf(columns);
    }

    static ParquetTable of(String... nameTypePairs) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.add(new Column(nameTypePairs[i], nameTypePairs[i + 1]));
        }
        return new ParquetTable(columns);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** {@code a, b, c}: every column by name, in order, for a {@code SELECT}. */
    public String columnList() {
        return String.join(", ", names());
    }

    /** {@code CREATE TEMP TABLE <table> (a VARCHAR, b DATE, ...)}. */
    public String createTempTableSql(String table) {
        return "CREATE TEMP TABLE " + table + " ("
                + columns.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * {@code SELECT '<v1>'::<type1> AS <name1>, ...}: one row with a value per column, in order. Each value
     * is written as text and cast to its column's type ({@code null} as a typed NULL), so a double's
     * shortest representation round-trips exactly, where a bare literal would be read as a DECIMAL first.
     */
    public String selectRow(List<?> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(values.size() + " values for the " + columns.size() + " columns "
                    + names());
        }
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Object value = values.get(i);
            String literal = value == null ? "NULL" : "'" + value.toString().replace("'", "''") + "'";
            cells.add(literal + "::" + columns.get(i).type() + " AS " + columns.get(i).name());
        }
        return "SELECT " + String.join(", ", cells);
    }

    /** This table without {@code column}: a file written before that column existed. */
    public ParquetTable without(String column) {
        if (!names().contains(column)) {
            throw new IllegalArgumentException("no column " + column + " in " + names());
        }
        return new ParquetTable(columns.stream().filter(c -> !c.name().equals(column)).toList());
    }
}
