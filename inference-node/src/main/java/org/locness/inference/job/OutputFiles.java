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
import java.util.Optional;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.json.EventJson;
import org.locness.events.lake.StagingFiles;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.staging.StagingDirectory;

/**
 * A model's two outputs for one job in the staging directory, written with DuckDB and renamed into
 * place:
 *
 * <ul>
 *   <li>{@code output_<model>_<jobId>.parquet}, one row: {@code job_id, symbol, date DATE, model, node,
 *       prediction, p_up, p_down, p_flat DOUBLE, prompt_tokens INTEGER, inference_ms BIGINT, signature},
 *       plus {@code expected_models}, the job's expected models as the JSON array events carry, which
 *       the sweeper needs to announce an orphaned output;</li>
 *   <li>{@code patterns_new_<model>_<jobId>.parquet}, one row: {@code signature, symbol, date DATE, model,
 *       prediction, confidence DOUBLE, job_id}.</li>
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
    void write(Connection db, ModelResult result) throws IOException {
        staging.writeAtomically(StagingFiles.patternsNew(result.model(), result.job().jobId()),
                temp -> copy(db, patternsRow(result), temp));
        staging.writeAtomically(StagingFiles.output(result.model(), result.job().jobId()),
                temp -> copy(db, outputRow(result), temp));
    }

    /** What an earlier run left: the output row's numbers, if the output file is there. */
    Optional<ExistingOutput> existing(Connection db, ModelName model, JobId job) throws SQLException {
        Path output = output(model, job);
        if (!Files.isRegularFile(output)) {
            return Optional.empty();
        }
        String sql = "SELECT p_up, p_down, p_flat, prompt_tokens, inference_ms, signature FROM read_parquet("
                + DuckDb.literal(output) + ")";
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            if (!rows.next()) {
                throw new SQLException(output.getFileName() + " has no row");
            }
            Map<String, Double> probabilities = new LinkedHashMap<>();
            probabilities.put("up", rows.getDouble(1));
            probabilities.put("down", rows.getDouble(2));
            probabilities.put("flat", rows.getDouble(3));
            return Optional.of(new ExistingOutput(output, patterns(model, job), probabilities, rows.getInt(4),
                    rows.getLong(5), rows.getString(6)));
        }
    }

    /** The numbers of an output file already in place. */
    record ExistingOutput(Path output, Path patterns, Map<String, Double> probabilities, int promptTokens,
            long inferenceMillis, String signature) {
    }

    static String outputRow(ModelResult r) {
        return "SELECT " + text(r.job().jobId().value()) + " AS job_id, " + text(r.job().symbol().value())
                + " AS symbol, DATE " + text(r.job().date().value()) + " AS date, " + text(r.model().value())
                + " AS model, " + text(r.node().value()) + " AS node, " + text(r.prediction()) + " AS prediction, "
                + number(r.probability("up")) + " AS p_up, " + number(r.probability("down")) + " AS p_down, "
                + number(r.probability("flat")) + " AS p_flat, " + r.promptTokens() + "::INTEGER AS prompt_tokens, "
                + r.inferenceMillis() + "::BIGINT AS inference_ms, " + text(r.signature()) + " AS signature, "
                + text(EventJson.write(r.job().expectedModels())) + " AS expected_models";
    }

    static String patternsRow(ModelResult r) {
        return "SELECT " + text(r.signature()) + " AS signature, " + text(r.job().symbol().value()) + " AS symbol, DATE "
                + text(r.job().date().value()) + " AS date, " + text(r.model().value()) + " AS model, "
                + text(r.prediction()) + " AS prediction, " + number(r.confidence()) + " AS confidence, "
                + text(r.job().jobId().value()) + " AS job_id";
    }

    private static void copy(Connection db, String select, Path target) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("COPY (" + select + ") TO " + DuckDb.literal(target) + " (FORMAT PARQUET)");
        }
    }

    private static String text(String value) {
        return "'" + DuckDb.sqlString(value) + "'";
    }

    /**
     * Round-trip exact: Java's shortest repr of a double, cast from text. A bare literal would be read
     * as a DECIMAL first, and its conversion to DOUBLE can land one ulp off.
     */
    private static String number(double value) {
        return "'" + value + "'::DOUBLE";
    }
}
