package org.locness.ingest.daily.context;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.locness.lake.parquet.DuckDb;

/** The few SQL helpers the prep's DuckDB code shares. */
final class Sql {
    private Sql() {
    }

    static String quote(String value) {
        return "'" + DuckDb.sqlString(value) + "'";
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** DuckDB's messages run to several lines; logs keep the first. */
    static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
