package org.locness.aggregator.patterns;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.locness.lake.parquet.DuckDb;

/** Writes staged pattern files the way an inference node does, for tests. */
public final class PatternFiles {
    /** One row: signature, model, prediction, confidence. */
    public record Row(String signature, String model, String prediction, double confidence) {
    }

    private PatternFiles() {
    }

    public static Path write(Path workDir, Path file, String symbol, String date, Row... rows) throws SQLException {
        String values = Stream.of(rows)
                .map(r -> "('" + r.signature() + "', '" + symbol + "', DATE '" + date + "', '" + r.model() + "', '"
                        + r.prediction() + "', " + r.confidence() + ")")
                .collect(Collectors.joining(", "));
        try (Connection db = DuckDb.open(workDir); Statement s = db.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES " + values + ") t(signature, symbol, date, model, prediction, confidence))"
                    + " TO " + DuckDb.literal(file) + " (FORMAT PARQUET)");
        }
        return file;
    }
}
