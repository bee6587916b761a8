package org.locness.aggregator.patterns;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.ParquetTable;
import org.locness.lake.parquet.DuckDb;

/** Writes staged pattern files the way an inference node does, for tests. */
public final class PatternFiles {
    /** One row: signature, model, prediction, confidence. */
    public record Row(String signature, String model, String prediction, double confidence) {
    }

    private PatternFiles() {
    }

    /** Rows as a node wrote them before pattern rows carried their job id: the merger must still read them. */
    private static final ParquetTable WITHOUT_JOB_ID = LakeTables.PATTERN_ROW.without("job_id");

    public static Path write(Path workDir, Path file, String symbol, String date, Row... rows) throws SQLException {
        String selects = Stream.of(rows)
                .map(r -> WITHOUT_JOB_ID.selectRow(List.of(r.signature(), symbol, date, r.model(), r.prediction(),
                        r.confidence())))
                .collect(Collectors.joining(" UNION ALL "));
        try (Connection db = DuckDb.open(workDir); Statement s = db.createStatement()) {
            s.execute("COPY (" + selects + ") TO " + DuckDb.literal(file) + " (FORMAT PARQUET)");
        }
        return file;
    }
}
