package org.locness.inference.node;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.locness.events.job.JobReady;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.MarketContext;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternSignature;
import org.locness.inference.prompt.Prompt;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.inference.prompt.PromptInputsReader;

/** A job's prompt for one model, from its local input, context and patterns (either may be absent). */
final class JobPrompt {
    /** Days of a signature's history a prompt quotes at most; the builder trims further to fit. */
    static final int HISTORY_DAYS = 5;

    private JobPrompt() {
    }

    /**
     * @throws ModelFailure {@link FailureKind#BAD_INPUT} if a file cannot be read (no bars of the symbol,
     *     not Parquet, wrong columns), {@link FailureKind#PROMPT_TOO_LONG} if even the bare question is
     *     over the model's context limit
     */
    static Prompt build(Connection db, PromptBuilder builder, JobReady job, Path input, Optional<Path> context,
            Optional<Path> patterns) throws ModelFailure {
        PromptInputsReader reader = new PromptInputsReader(db);
        String symbol = job.symbol().value();
        BarStatistics stats;
        MarketContext market;
        PatternHistory history;
        try {
            stats = reader.bars(List.of(input), symbol);
            market = context.isPresent() ? reader.context(context.get(), symbol, job.contextStale()) : MarketContext.absent();
            String signature = PatternSignature.of(stats, market);
            history = patterns.isPresent() ? reader.history(patterns.get(), signature, HISTORY_DAYS)
                    : PatternHistory.none(signature);
        } catch (SQLException e) {
            throw new ModelFailure(FailureKind.BAD_INPUT, "job " + job.jobId() + ": " + e.getMessage(), e);
        }
        try {
            return builder.build(symbol, job.date().value(), stats, market, history);
        } catch (IllegalArgumentException e) {
            throw new ModelFailure(FailureKind.PROMPT_TOO_LONG, e.getMessage(), e);
        }
    }
}
