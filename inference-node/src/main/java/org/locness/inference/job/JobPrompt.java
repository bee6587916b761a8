package org.locness.inference.job;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.locness.events.job.JobReady;
import org.locness.inference.day.DayInputs;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.MarketContext;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternSignature;
import org.locness.inference.prompt.Prompt;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.inference.prompt.UnifiedPatterns;

/**
 * A job's prompt for one model, from the statistics of its local input's bars and the day's context and
 * patterns (either may be absent), as parsed once for all the node's models ({@link DayInputs}).
 */
final class JobPrompt {
    /** Days of a signature's history a prompt quotes at most; the builder trims further to fit. */
    static final int HISTORY_DAYS = 5;
    /** How DuckDB starts the message of a failure to open or read a file, as opposed to a bad one. */
    private static final String DUCKDB_IO_ERROR = "IO Error:";

    private JobPrompt() {
    }

    /**
     * The statistics of the job's bars in its local input, read once for all the node's models.
     *
     * @throws ModelFailure {@link FailureKind#BAD_INPUT} if the input cannot be read (not Parquet, wrong
     *     columns, no bars of the symbol)
     * @throws IOException if DuckDB cannot read the file at all (gone, disk)
     */
    static BarStatistics bars(DayInputs day, Connection db, JobReady job, Path input)
            throws ModelFailure, IOException, InterruptedException {
        try {
            return day.bars(db, input, job.symbol().value());
        } catch (SQLException e) {
            throw readFailure(job, e);
        }
    }

    /**
     * @throws ModelFailure {@link FailureKind#BAD_INPUT} if context or patterns cannot be read (not
     *     Parquet, wrong columns), {@link FailureKind#PROMPT_TOO_LONG} if even the bare question is over
     *     the model's context limit
     * @throws IOException if DuckDB cannot read a file at all (gone, disk): not the job's fault, so retried
     */
    static Prompt build(DayInputs day, Connection db, PromptBuilder builder, JobReady job, BarStatistics stats,
            Optional<Path> context, Optional<Path> patterns) throws ModelFailure, IOException, InterruptedException {
        String symbol = job.symbol().value();
        MarketContext market;
        UnifiedPatterns unified;
        try {
            market = context.isPresent() ? day.context(db, context.get()).forSymbol(symbol, job.contextStale())
                    : MarketContext.absent();
            unified = patterns.isPresent() ? day.patterns(db, patterns.get()) : UnifiedPatterns.none();
        } catch (SQLException e) {
            throw readFailure(job, e);
        }
        PatternHistory history = unified.history(PatternSignature.of(stats, market), HISTORY_DAYS);
        try {
            return builder.build(symbol, job.date().value(), stats, market, history, unified.overview());
        } catch (IllegalArgumentException e) {
            throw new ModelFailure(FailureKind.PROMPT_TOO_LONG, e.getMessage(), e);
        }
    }

    /** A file DuckDB could not open is retried; one it could not make sense of is the job's bad input. */
    private static ModelFailure readFailure(JobReady job, SQLException e) throws IOException {
        if (e.getMessage() != null && e.getMessage().startsWith(DUCKDB_IO_ERROR)) {
            throw new IOException("job " + job.jobId() + ": reading the prompt inputs failed: " + e.getMessage(), e);
        }
        return new ModelFailure(FailureKind.BAD_INPUT, "job " + job.jobId() + ": " + e.getMessage(), e);
    }
}
