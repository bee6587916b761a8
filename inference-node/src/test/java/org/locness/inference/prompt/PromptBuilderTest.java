package org.locness.inference.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.locness.events.outcome.OutcomeDefinition;

class PromptBuilderTest {
    private static final String QUESTION = OutcomeDefinition.DEFAULT.question();
    private static final String TEMPLATE = "Symbol {symbol} on {date}.\nStats: {stats}\nMarket: {context}\n"
            + "Pattern {signature}; history: {history}\n{question}";
    /** One token per whitespace-separated word: enough to exercise the trimming order. */
    private static final ToIntFunction<String> WORDS = text -> text.split("\\s+").length;

    private static final BarStatistics STATS = new BarStatistics(1440, 100, 101, 0.01, 0.002, 0.001, 2.5, 102, 99, 100.4);
    private static final MarketContext CONTEXT = new MarketContext("2026-11-27", false, 99.8, 0.03, 1.2, "up", 0.6,
            0.004, 0.01);
    private static final PatternHistory HISTORY = new PatternHistory("trend=up|vol=mid|volume=spike|gap=none", List.of(
            new PatternHistory.Day("2026-11-26", 6, 0.5, 0.33, 0.17, 0.61),
            new PatternHistory.Day("2026-11-25", 12, 0.25, 0.5, 0.25, 0.55),
            new PatternHistory.Day("2026-11-24", 6, 1, 0, 0, 0.7)));

    @Test
    void rendersEverySectionDeterministically() {
        PromptBuilder builder = new PromptBuilder(TEMPLATE, QUESTION, 10_000, WORDS);

        Prompt first = builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY);
        Prompt second = builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY);

        assertEquals(first, second);
        assertTrue(first.text().startsWith("Symbol BTC on 2026-11-27."));
        assertTrue(first.text().contains("day return +1.00%"), first.text());
        assertTrue(first.text().contains("market breadth 60% up"), first.text());
        assertTrue(first.text().contains("2026-11-24: 6 cases, up 100%"), first.text());
        assertTrue(first.text().endsWith(QUESTION));
        assertTrue(first.trimmed().isEmpty());
        assertEquals(WORDS.applyAsInt(first.text()), first.tokens());
    }

    @Test
    void overTheLimitDropsOldestHistoryFirstThenContextNeverTheQuestion() {
        int full = WORDS.applyAsInt(new PromptBuilder(TEMPLATE, QUESTION, 10_000, WORDS)
                .build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY).text());

        Prompt oneDayLess = new PromptBuilder(TEMPLATE, QUESTION, full - 1, WORDS).build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY);
        assertEquals(List.of("history 2026-11-24"), oneDayLess.trimmed());
        assertFalse(oneDayLess.text().contains("2026-11-24:"));
        assertTrue(oneDayLess.text().contains("2026-11-26:"));

        Prompt tight = new PromptBuilder(TEMPLATE, QUESTION, 60, WORDS).build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY);
        assertTrue(tight.tokens() <= 60, tight.tokens() + " tokens");
        assertTrue(tight.trimmed().contains("market context"), tight.trimmed().toString());
        assertTrue(tight.text().endsWith(QUESTION));
    }

    @Test
    void aQuestionThatCannotFitIsAnErrorNotASilentCut() {
        PromptBuilder builder = new PromptBuilder(TEMPLATE, QUESTION, 10, WORDS);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY));
        assertTrue(e.getMessage().contains("limit of 10"), e.getMessage());
    }

    @Test
    void templateWithoutTheQuestionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PromptBuilder("{symbol}", QUESTION, 100, WORDS));
    }

    @Test
    void signatureDiscretizesTrendVolatilityVolumeAndGap() {
        assertEquals("trend=up|vol=mid|volume=spike|gap=none", PatternSignature.of(STATS, CONTEXT));
        BarStatistics calm = new BarStatistics(1440, 100, 100.1, 0.001, 0, 0.0005, 0.3, 100.2, 99.9, 100);
        MarketContext gapDown = new MarketContext("2026-11-27", false, 101, 0, 0, "flat", 0.5, 0, 0);
        assertEquals("trend=flat|vol=low|volume=dry|gap=down", PatternSignature.of(calm, gapDown));
        assertEquals("none", PatternSignature.gap(100, Double.NaN));
        assertEquals("high", PatternSignature.volatility(0.01));
        assertEquals("down", PatternSignature.trend(-0.01));
    }
}
