package org.locness.aggregator.gold;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.ModelName;
import org.locness.events.json.EventJson;
import org.locness.lake.parquet.DuckDb;

/**
 * One consensus as a one-row Parquet file. The file carries {@code symbol} and {@code date} itself
 * as well as in its Hive path, so a single file is self-describing and the whole tree reads as one
 * table with {@code read_parquet('gold/predictions/**}{@code /*.parquet', hive_partitioning=true)}
 * (DuckDB takes the path's value for a column that is in both, and they agree).
 *
 * <p>Columns: job_id, symbol, date DATE, status, partial BOOLEAN, prediction (null when FAILED),
 * probabilities MAP(VARCHAR, DOUBLE), confidence, agreement, entropy (nats) DOUBLE, models_used,
 * models_missing, models_failed VARCHAR[], reason, published_at TIMESTAMPTZ.
 */
final class GoldParquet {
    private static final String COPY = """
            COPY (SELECT
                ?::VARCHAR AS job_id,
                ?::VARCHAR AS symbol,
                ?::DATE AS date,
                ?::VARCHAR AS status,
                ?::BOOLEAN AS partial,
                ?::VARCHAR AS prediction,
                json_transform(?, '"MAP(VARCHAR, DOUBLE)"') AS probabilities,
                ?::DOUBLE AS confidence,
                ?::DOUBLE AS agreement,
                ?::DOUBLE AS entropy,
                json_transform(?, '["VARCHAR"]') AS models_used,
                json_transform(?, '["VARCHAR"]') AS models_missing,
                json_transform(?, '["VARCHAR"]') AS models_failed,
                ?::VARCHAR AS reason,
                ?::TIMESTAMPTZ AS published_at
            ) TO %s (FORMAT PARQUET, COMPRESSION ZSTD)
            """;

    private GoldParquet() {
    }

    static void write(Connection duckDb, ConsensusPrediction p, Path target) throws SQLException {
        try (PreparedStatement s = duckDb.prepareStatement(COPY.formatted(DuckDb.literal(target)))) {
            int i = 0;
            s.setString(++i, p.jobId().value());
            s.setString(++i, p.symbol().value());
            s.setString(++i, p.date().value());
            s.setString(++i, p.status().name());
            s.setBoolean(++i, p.partial());
            s.setString(++i, p.prediction());
            s.setString(++i, p.probabilities() == null ? null : EventJson.write(p.probabilities()));
            setDouble(s, ++i, p.confidence());
            setDouble(s, ++i, p.agreement());
            setDouble(s, ++i, p.entropy());
            s.setString(++i, names(p.modelsUsed()));
            s.setString(++i, names(p.modelsMissing()));
            s.setString(++i, names(p.modelsFailed()));
            s.setString(++i, p.reason());
            s.setString(++i, p.publishedAt().toString());
            s.execute();
        }
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    private static String names(List<ModelName> models) {
        return EventJson.write(models.stream().map(ModelName::value).toList());
    }
}
