package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.outcome.OutcomeDefinition;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.inference.day.DayInputs;
import org.locness.inference.node.LakeFiles;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.Prompt;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.lake.parquet.DuckDb;

/** The job's prompt from local files, and what each way of failing becomes. */
class JobPromptTest {
    private static final String QUESTION = OutcomeDefinition.DEFAULT.question();
    private static final TradingDate DATE = OutputFilesTest.JOB.date();

    @TempDir
    Path dir;

    @Test
    void thePromptQuotesTheContextAndTheSignaturesHistory() throws Exception {
        Path bars = LakeFiles.bars(dir.resolve("bars.parquet"), dir.resolve("work"), OutputFilesTest.JOB.symbol(), DATE, 0,
                120, 0.01);
        Path context = LakeFiles.context(dir.resolve("ctx.parquet"), dir.resolve("work"), DATE,
                OutputFilesTest.JOB.symbol(), 99);
        PromptBuilder builder = new PromptBuilder("{market} | {overview}\n{context} | {signature} | {history} | {question}", QUESTION, 4096, String::length);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            Prompt withoutHistory = prompt(db, builder, bars, Optional.of(context),
                    Optional.empty());
            Path patterns = LakeFiles.patterns(dir.resolve("patterns.parquet"), dir.resolve("work"), DATE,
                    withoutHistory.signature(), 3);

            Prompt prompt = prompt(db, builder, bars, Optional.of(context),
                    Optional.of(patterns));

            assertTrue(withoutHistory.text().contains("no earlier cases"), withoutHistory.text());
            assertTrue(prompt.signature().endsWith("|gap=up"), prompt.signature());
            assertTrue(prompt.text().startsWith("context of " + DATE + ":"), prompt.text());
            assertTrue(withoutHistory.sharedPrefix().endsWith(" | no earlier calls\n"), withoutHistory.text());
            assertTrue(prompt.sharedPrefix().endsWith(" | " + DATE + ": 3 calls, up 33%, down 33%, flat 33%\n"),
                    prompt.text());
            assertTrue(prompt.text().contains(DATE + ": 3 cases, up 33%, down 33%, flat 33%"), prompt.text());
        }
    }

    @Test
    void anInputWithoutTheSymbolsBarsIsBadInput() throws Exception {
        Path bars = LakeFiles.bars(dir.resolve("bars.parquet"), dir.resolve("work"),
                Symbol.of("OTHER"), DATE, 0, 10, 0.01);
        Path garbage = Files.writeString(dir.resolve("garbage.parquet"), "not parquet");
        PromptBuilder builder = new PromptBuilder("{question}", QUESTION, 4096, String::length);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            for (Path input : new Path[] {bars, garbage}) {
                ModelFailure failure = assertThrows(ModelFailure.class,
                        () -> prompt(db, builder, input, Optional.empty(), Optional.empty()));
                assertEquals(FailureKind.BAD_INPUT, failure.kind());
                assertTrue(failure.reason().startsWith("bad-input: job BTC-2026-11-27-001: "), failure.reason());
            }
        }
    }

    @Test
    void aFileGoneFromUnderTheReaderIsRetriedNotBadInput() throws Exception {
        Path bars = LakeFiles.bars(dir.resolve("bars.parquet"), dir.resolve("work"), OutputFilesTest.JOB.symbol(), DATE, 0,
                10, 0.01);
        Path gone = dir.resolve("patterns_2026-11-27.1-0a1b2c3d.parquet");
        PromptBuilder builder = new PromptBuilder("{question}", QUESTION, 4096, String::length);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            IOException e = assertThrows(IOException.class, () -> prompt(db, builder, bars,
                    Optional.empty(), Optional.of(gone)));

            assertTrue(e.getMessage().contains(gone.toString()), e.getMessage());
        }
    }

    @Test
    void aQuestionOverTheLimitIsAPromptTooLong() throws Exception {
        Path bars = LakeFiles.bars(dir.resolve("bars.parquet"), dir.resolve("work"), OutputFilesTest.JOB.symbol(), DATE, 0,
                10, 0.01);
        PromptBuilder builder = new PromptBuilder("{question}", QUESTION, 20, String::length);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            ModelFailure failure = assertThrows(ModelFailure.class,
                    () -> prompt(db, builder, bars, Optional.empty(), Optional.empty()));

            assertEquals(FailureKind.PROMPT_TOO_LONG, failure.kind());
            assertTrue(failure.reason().contains("over the model's limit of 20"), failure.reason());
        }
    }

    /** The prompt as the node builds it: the input's bars, then context and patterns. */
    private static Prompt prompt(Connection db, PromptBuilder builder, Path input, Optional<Path> context,
            Optional<Path> patterns) throws Exception {
        DayInputs day = new DayInputs();
        BarStatistics stats = JobPrompt.bars(day, db, OutputFilesTest.JOB, input);
        return JobPrompt.build(day, db, builder, OutputFilesTest.JOB, stats, context, patterns);
    }
}
