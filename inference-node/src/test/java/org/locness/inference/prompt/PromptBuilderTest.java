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
    private static final String TEMPLATE = "Calls for {date}.\nMarket: {market}\nEarlier: {overview}\n"
            + "Symbol {symbol}.\nStats: {stats}\nContext: {context}\nPattern {signature}; history: {history}\n{question}";
    /** One token per whitespace-separated word: enough to exercise the trimming order. */
    private static final ToIntFunction<String> WORDS = text -> text.split("\\s+").length;

    private static final BarStatistics STATS = new BarStatistics(1440, 100, 101, 0.01, 0.002, 0.001, 2.5, 102, 99, 100.4);
    private static final MarketContext CONTEXT = new MarketContext("2026-11-27", false, 99.8, 0.03, 1.2, "up", 0.6,
            0.004, 0.01);
    private static final PatternHistory HISTORY = new PatternHistory("trend=up|vol=mid|volume=spike|gap=none", List.of(
            new PatternHistory.Day("2026-11-26", 6, 0.5, 0.33, 0.17, 0.61),
            new PatternHistory.Day("2026-11-25", 12, 0.25, 0.5, 0.25, 0.55),
            new PatternHistory.Day("2026-11-24", 6, 1, 0, 0, 0.7)));
    private static final PatternOverview OVERVIEW = new PatternOverview("2026-11-26", 600, 0.4, 0.35, 0.25);

    @Test
    void rendersEverySectionDeterministically() {
        PromptBuilder builder = new PromptBuilder(TEMPLATE, QUESTION, 10_000, WORDS);

        Prompt first = builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW);
        Prompt second = builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW);

        assertEquals(first, second);
        assertTrue(first.text().startsWith("Calls for 2026-11-27.\nMarket: context of 2026-11-27"), first.text());
        assertTrue(first.text().contains("day return +1.00%"), first.text());
        assertTrue(first.text().contains("breadth 60% up"), first.text());
        assertTrue(first.text().contains("2026-11-24: 6 cases, up 100%"), first.text());
        assertTrue(first.text().endsWith(QUESTION));
        assertTrue(first.text().contains("Earlier: 2026-11-26: 600 calls, up 40%"), first.text());
        assertTrue(first.text().contains("Context: 7-day return +3.00%, volume z-score 1.20, trend up"), first.text());
        assertTrue(first.trimmed().isEmpty());
        assertEquals(WORDS.applyAsInt(first.text()), first.tokens());
    }

    @Test
    void overTheLimitDropsOldestHistoryFirstThenContextNeverTheQuestion() {
        int full = WORDS.applyAsInt(new PromptBuilder(TEMPLATE, QUESTION, 10_000, WORDS)
                .build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW).text());

        Prompt oneDayLess = new PromptBuilder(TEMPLATE, QUESTION, full - 1, WORDS).build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW);
        assertEquals(List.of("history 2026-11-24"), oneDayLess.trimmed());
        assertFalse(oneDayLess.text().contains("2026-11-24:"));
        assertTrue(oneDayLess.text().contains("2026-11-26:"));

        Prompt tight = new PromptBuilder(TEMPLATE, QUESTION, 60, WORDS).build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW);
        assertTrue(tight.tokens() <= 60, tight.tokens() + " tokens");
        assertTrue(tight.trimmed().contains("market context"), tight.trimmed().toString());
        assertTrue(tight.text().endsWith(QUESTION));
    }

    @Test
    void theDaysJobsShareEverythingBeforeTheFirstLineAboutTheJob() {
        PromptBuilder builder = new PromptBuilder(TEMPLATE, QUESTION, 10_000, WORDS);

        Prompt btc = builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW);
        Prompt eth = builder.build("ETH", "2026-11-27", STATS, CONTEXT, PatternHistory.none("x"), OVERVIEW);

        assertEquals(btc.sharedPrefix(), eth.sharedPrefix());
        assertTrue(btc.sharedPrefix().endsWith("600 calls, up 40%, down 35%, flat 25%\n"), btc.sharedPrefix());
        assertTrue(btc.ownPart().startsWith("Symbol BTC."), btc.ownPart());
        assertEquals(btc.text(), btc.sharedPrefix() + btc.ownPart());
        assertEquals("", new PromptBuilder("Symbol {symbol} on {date}: {question}", QUESTION, 10_000, WORDS)
                .build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW).sharedPrefix());
    }

    @Test
    void afterTheHistoryTheOverviewGoesThenTheMarketContext() {
        Prompt noHistory = new PromptBuilder(TEMPLATE, QUESTION, 10_000, WORDS)
                .build("BTC", "2026-11-27", STATS, CONTEXT, PatternHistory.none("x"), OVERVIEW);
        int full = noHistory.tokens();

        Prompt noOverview = new PromptBuilder(TEMPLATE, QUESTION, full - 1, WORDS)
                .build("BTC", "2026-11-27", STATS, CONTEXT, PatternHistory.none("x"), OVERVIEW);

        assertEquals(List.of("pattern overview"), noOverview.trimmed());
        assertTrue(noOverview.sharedPrefix().contains("Earlier: (omitted to fit)"), noOverview.sharedPrefix());
        assertTrue(noOverview.sharedPrefix().contains("breadth 60% up"), noOverview.sharedPrefix());
    }

    @Test
    void aQuestionThatCannotFitIsAnErrorNotASilentCut() {
        PromptBuilder builder = new PromptBuilder(TEMPLATE, QUESTION, 10, WORDS);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.build("BTC", "2026-11-27", STATS, CONTEXT, HISTORY, OVERVIEW));
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
