package org.locness.inference.job;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.locness.events.job.JobReady;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.MarketContext;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternOverview;
import org.locness.inference.prompt.PatternSignature;
import org.locness.inference.prompt.Prompt;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.inference.prompt.PromptInputsReader;

/** A job's prompt for one model, from its local input, context and patterns (either may be absent). */
final class JobPrompt {
    /** Days of a signature's history a prompt quotes at most; the builder trims further to fit. */
    static final int HISTORY_DAYS = 5;
    /** How DuckDB starts the message of a failure to open or read a file, as opposed to a bad one. */
    private static final String DUCKDB_IO_ERROR = "IO Error:";

    private JobPrompt() {
    }

    /**
     * @throws ModelFailure {@link FailureKind#BAD_INPUT} if a file cannot be read (no bars of the symbol,
     *     not Parquet, wrong columns), {@link FailureKind#PROMPT_TOO_LONG} if even the bare question is
     *     over the model's context limit
     * @throws IOException if DuckDB cannot read a file at all (gone, disk): not the job's fault, so retried
     */
    static Prompt build(Connection db, PromptBuilder builder, JobReady job, Path input, Optional<Path> context,
            Optional<Path> patterns) throws ModelFailure, IOException {
        PromptInputsReader reader = new PromptInputsReader(db);
        String symbol = job.symbol().value();
        BarStatistics stats;
        MarketContext market;
        PatternHistory history;
        PatternOverview overview;
        try {
            stats = reader.bars(List.of(input), symbol);
            market = context.isPresent() ? reader.context(context.get(), symbol, job.contextStale()) : MarketContext.absent();
            String signature = PatternSignature.of(stats, market);
            history = patterns.isPresent() ? reader.history(patterns.get(), signature, HISTORY_DAYS)
                    : PatternHistory.none(signature);
            overview = patterns.isPresent() ? reader.overview(patterns.get()) : PatternOverview.none();
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(DUCKDB_IO_ERROR)) {
                throw new IOException("job " + job.jobId() + ": reading the prompt inputs failed: " + e.getMessage(), e);
            }
            throw new ModelFailure(FailureKind.BAD_INPUT, "job " + job.jobId() + ": " + e.getMessage(), e);
        }
        try {
            return builder.build(symbol, job.date().value(), stats, market, history, overview);
        } catch (IllegalArgumentException e) {
            throw new ModelFailure(FailureKind.PROMPT_TOO_LONG, e.getMessage(), e);
        }
    }
}
