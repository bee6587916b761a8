package org.locness.sweeper.orphan;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventJson;
import org.locness.events.lake.LakeTables;
import org.locness.lake.parquet.DuckDb;

/**
 * Reads the single row of a model output file ({@code output_<model>_<jobId>.parquet}) with DuckDB:
 * the columns of {@link LakeTables#OUTPUT_ROW}. Its {@code expected_models} (the JSON array the events
 * carry, {@code [{"model":…,"node":…,"weight":…}]}) is required: without it no result can be announced.
 */
public final class OutputRowReader {
    private static final TypeReference<List<ExpectedModel>> EXPECTED_MODELS = new TypeReference<>() {
    };

    private final Path workDir;

    public OutputRowReader(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Throws {@link SQLException} when the file cannot be read as Parquet with these columns, and
     * {@link InvalidEventException} (naming the column) when its content breaks the contract.
     */
    public OutputRow read(Path output) throws SQLException {
        String sql = "SELECT * REPLACE (CAST(date AS VARCHAR) AS date) FROM (SELECT "
                + LakeTables.OUTPUT_ROW.columnList() + " FROM read_parquet(" + DuckDb.literal(output) + "))";
        try (Connection db = DuckDb.open(workDir);
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new InvalidEventException("$", output.getFileName() + " has no row");
            }
            OutputRow row = row(rows);
            if (rows.next()) {
                throw new InvalidEventException("$", output.getFileName() + " has more than one row");
            }
            return row;
        }
    }

    private static OutputRow row(ResultSet rows) throws SQLException {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        probabilities.put("up", number(rows, "p_up"));
        probabilities.put("down", number(rows, "p_down"));
        probabilities.put("flat", number(rows, "p_flat"));
        long promptTokens = Require.nonNegative("prompt_tokens", (long) number(rows, "prompt_tokens"));
        if (promptTokens > Integer.MAX_VALUE) {
            throw new InvalidEventException("prompt_tokens", "is too large: " + promptTokens);
        }
        return new OutputRow(
                JobId.of(rows.getString("job_id")),
                Symbol.of(rows.getString("symbol")),
                TradingDate.of(rows.getString("date")),
                ModelName.of(rows.getString("model")),
                NodeName.of(rows.getString("node")),
                Require.distribution("probabilities", probabilities),
                (int) promptTokens,
                Require.nonNegative("inference_ms", (long) number(rows, "inference_ms")),
                Require.text("signature", rows.getString("signature"), 512),
                expectedModels(rows.getString("expected_models")));
    }

    private static double number(ResultSet rows, String column) throws SQLException {
        Object value = rows.getObject(column);
        if (!(value instanceof Number number)) {
            throw new InvalidEventException(column, value == null ? "is null" : "is not a number: " + value);
        }
        return number.doubleValue();
    }

    private static List<ExpectedModel> expectedModels(String json) {
        Require.text("expected_models", json, 65_536);
        List<ExpectedModel> models;
        try {
            models = EventJson.mapper().readValue(json, EXPECTED_MODELS);
        } catch (Exception e) {
            throw new InvalidEventException("expected_models", "is not a JSON array of {model, node, weight}: "
                    + e.getMessage(), e);
        }
        return Require.nonEmpty("expected_models", models);
    }
}
