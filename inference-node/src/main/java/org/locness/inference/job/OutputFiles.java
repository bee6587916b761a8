package org.locness.inference.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.json.EventJson;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.StagingFiles;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.staging.StagingDirectory;

/**
 * A model's two outputs for one job in the staging directory, each one row encoded in Java
 * ({@link OneRowParquet}) and renamed into place:
 *
 * <ul>
 *   <li>{@code output_<model>_<jobId>.parquet}, one row of {@link LakeTables#OUTPUT_ROW};</li>
 *   <li>{@code patterns_new_<model>_<jobId>.parquet}, one row of {@link LakeTables#PATTERN_ROW}.</li>
 * </ul>
 *
 * <p>The patterns file is written first: an output file therefore always has its patterns beside it,
 * and its presence means the model's work for the job is done.
 */
public final class OutputFiles {
    private final StagingDirectory staging;

    public OutputFiles(StagingDirectory staging) {
        this.staging = staging;
    }

    Path output(ModelName model, JobId job) {
        return staging.resolve(StagingFiles.output(model, job));
    }

    Path patterns(ModelName model, JobId job) {
        return staging.resolve(StagingFiles.patternsNew(model, job));
    }

    /** Writes both files of a result, patterns first. */
    void write(ModelResult result) throws IOException {
        staging.writeAtomically(StagingFiles.patternsNew(result.model(), result.job().jobId()),
                temp -> Files.write(temp, OneRowParquet.of(LakeTables.PATTERN_ROW, patternsRow(result))));
        staging.writeAtomically(StagingFiles.output(result.model(), result.job().jobId()),
                temp -> Files.write(temp, OneRowParquet.of(LakeTables.OUTPUT_ROW, outputRow(result))));
    }

    /** What an earlier run left: the output row's numbers, if the output file is there. */
    Optional<ExistingOutput> existing(Connection db, ModelName model, JobId job) throws SQLException {
        Path output = output(model, job);
        if (!Files.isRegularFile(output)) {
            return Optional.empty();
        }
        String sql = "SELECT " + LakeTables.OUTPUT_ROW.columnList() + " FROM read_parquet(" + DuckDb.literal(output) + ")";
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException(output.getFileName() + " has no row");
            }
            Map<String, Double> probabilities = new LinkedHashMap<>();
            probabilities.put("up", rows.getDouble("p_up"));
            probabilities.put("down", rows.getDouble("p_down"));
            probabilities.put("flat", rows.getDouble("p_flat"));
            return Optional.of(new ExistingOutput(output, patterns(model, job), probabilities,
                    rows.getInt("prompt_tokens"), rows.getLong("inference_ms"), rows.getString("signature")));
        }
    }

    /** The numbers of an output file already in place. */
    record ExistingOutput(Path output, Path patterns, Map<String, Double> probabilities, int promptTokens,
            long inferenceMillis, String signature) {
    }

    /** The output row's values, in {@link LakeTables#OUTPUT_ROW}'s order. */
    static List<Object> outputRow(ModelResult r) {
        return List.of(r.job().jobId().value(), r.job().symbol().value(),
                r.job().date().value(), r.model().value(), r.node().value(), r.prediction(), r.probability("up"),
                r.probability("down"), r.probability("flat"), r.promptTokens(), r.inferenceMillis(), r.signature(),
                EventJson.write(r.job().expectedModels()));
    }

    /** The patterns row's values, in {@link LakeTables#PATTERN_ROW}'s order. */
    static List<Object> patternsRow(ModelResult r) {
        return List.of(r.signature(), r.job().symbol().value(), r.job().date().value(), r.model().value(),
                r.prediction(), r.confidence(), r.job().jobId().value());
    }
}
