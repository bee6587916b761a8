package org.locness.events.lake;

/**
 * The Parquet tables that cross module boundaries, each defined once: the writer and every reader
 * take the columns from here.
 */
public final class LakeTables {
    /**
     * A model's output for one job ({@code output_<model>_<jobId>.parquet}, one row), written by the
     * inference node and read by it again and by the sweeper's orphan sweep. {@code expected_models} is
     * the job's expected models as the JSON array events carry, which the sweeper needs to announce an
     * orphaned output.
     */
    public static final ParquetTable OUTPUT_ROW = ParquetTable.of(
            "job_id", "VARCHAR",
            "symbol", "VARCHAR",
            "date", "DATE",
            "model", "VARCHAR",
            "node", "VARCHAR",
            "prediction", "VARCHAR",
            "p_up", "DOUBLE",
            "p_down", "DOUBLE",
            "p_flat", "DOUBLE",
            "prompt_tokens", "INTEGER",
            "inference_ms", "BIGINT",
            "signature", "VARCHAR",
            "expected_models", "VARCHAR");

    /**
     * What one model said about a signature in one job: the node's {@code patterns_new_<model>_<jobId>.parquet}
     * (one row), staged as {@code staging/patterns/<jobId>/<model>.parquet}, and the leading columns of the
     * aggregator's {@code patterns/<date>/unified.parquet}, which adds per-signature aggregates.
     */
    public static final ParquetTable PATTERN_ROW = ParquetTable.of(
            "signature", "VARCHAR",
            "symbol", "VARCHAR",
            "date", "DATE",
            "model", "VARCHAR",
            "prediction", "VARCHAR",
            "confidence", "DOUBLE",
            "job_id", "VARCHAR");

    /**
     * The daily context ({@code daily-prepared/<date>.parquet}, one row per symbol), written by ingest's
     * daily prep and read by the inference node's prompts. The {@code market_*} columns repeat on every row.
     */
    public static final ParquetTable DAILY_CONTEXT = ParquetTable.of(
            "date", "DATE",
            "symbol", "VARCHAR",
            "bars", "BIGINT",
            "last_close", "DOUBLE",
            "return_1d", "DOUBLE",
            "return_7d", "DOUBLE",
            "volatility", "DOUBLE",
            "vwap", "DOUBLE",
            "volume_zscore", "DOUBLE",
            "trend", "VARCHAR",
            "market_breadth", "DOUBLE",
            "market_mean_return", "DOUBLE",
            "market_dispersion", "DOUBLE");

    /**
     * One {@code scores.daily} record ({@code gold/scores/date=<asOf>/part-<partition>-<offset>.parquet},
     * one row), written by the aggregator's scores gold writer: a forecaster's running score in one
     * scope as of a date. {@code calibration} is the record's bins as a JSON array.
     */
    public static final ParquetTable SCORE_ROW = ParquetTable.of(
            "name", "VARCHAR",
            "scope", "VARCHAR",
            "as_of", "DATE",
            "jobs", "BIGINT",
            "brier", "DOUBLE",
            "log_loss", "DOUBLE",
            "hit_rate", "DOUBLE",
            "ece", "DOUBLE",
            "calibration", "VARCHAR",
            "updated_at", "TIMESTAMPTZ");

    private LakeTables() {
    }
}
