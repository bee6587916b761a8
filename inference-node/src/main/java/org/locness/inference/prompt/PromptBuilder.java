package org.locness.inference.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Renders a model's template from the job's statistics, context and pattern history. Pure and
 * deterministic: the same inputs give the same text. When the prompt is over the model's context
 * limit it drops detail oldest-first (history days, then the market context, then the statistics
 * detail) and never the question; if even the bare question does not fit, it fails.
 */
public final class PromptBuilder {
    private final String template;
    private final String question;
    private final int contextLimit;
    private final ToIntFunction<String> tokenCounter;

    /** {@code question} is the ensemble's, {@code OutcomeDefinition#question()}: the prompt asks what the outcome measures. */
    public PromptBuilder(String template, String question, int contextLimit, ToIntFunction<String> tokenCounter) {
        if (!template.contains("{question}")) {
            throw new IllegalArgumentException("prompt template must contain {question}");
        }
        this.template = template;
        this.question = question;
        this.contextLimit = contextLimit;
        this.tokenCounter = tokenCounter;
    }

    public Prompt build(String symbol, String date, BarStatistics stats, MarketContext context, PatternHistory history) {
        String signature = history.signature();
        List<String> historyLines = historyLines(history);
        String statsFull = statsText(stats, true);
        String contextText = contextText(context);
        List<String> trimmed = new ArrayList<>();

        boolean withContext = true;
        boolean fullStats = true;
        while (true) {
            String text = render(symbol, date, fullStats ? statsFull : statsText(stats, false),
                    withContext ? contextText : "(omitted to fit)", signature, historyText(historyLines));
            int tokens = tokenCounter.applyAsInt(text);
            if (tokens <= contextLimit) {
                return new Prompt(text, tokens, signature, trimmed);
            }
            if (!historyLines.isEmpty()) {
                trimmed.add("history " + historyLines.remove(historyLines.size() - 1).split(":")[0].trim());
            } else if (withContext) {
                withContext = false;
                trimmed.add("market context");
            } else if (fullStats) {
                fullStats = false;
                trimmed.add("statistics detail");
            } else {
                throw new IllegalArgumentException("even the shortest prompt for " + symbol + " needs " + tokens
                        + " tokens, over the model's limit of " + contextLimit);
            }
        }
    }

    private String render(String symbol, String date, String stats, String context, String signature, String history) {
        return template.replace("{symbol}", symbol)
                .replace("{date}", date)
                .replace("{stats}", stats)
                .replace("{context}", context)
                .replace("{signature}", signature)
                .replace("{history}", history)
                .replace("{question}", question);
    }

    static String statsText(BarStatistics s, boolean detailed) {
        String core = String.format(Locale.ROOT, "day return %+.2f%%, last close %.4f", s.dayReturn() * 100, s.lastClose());
        if (!detailed) {
            return core;
        }
        return core + String.format(Locale.ROOT,
                ", last hour %+.2f%%, 1-min volatility %.4f%%, range %.4f-%.4f, VWAP %.4f, last-hour volume x%.2f of the hourly mean, %d bars",
                s.lastHourReturn() * 100, s.volatility() * 100, s.low(), s.high(), s.vwap(), s.lastHourVolumeRatio(),
                s.bars());
    }

    static String contextText(MarketContext c) {
        if (!c.present()) {
            return "no market context available";
        }
        return String.format(Locale.ROOT,
                "context of %s%s: 7-day return %+.2f%%, volume z-score %.2f, trend %s; market breadth %.0f%% up, mean return %+.2f%%, dispersion %.2f%%",
                c.contextDate(), c.stale() ? " (stale)" : "", c.return7d() * 100, c.volumeZscore(), c.trend(),
                c.breadth() * 100, c.meanReturn() * 100, c.dispersion() * 100);
    }

    static List<String> historyLines(PatternHistory history) {
        List<String> lines = new ArrayList<>();
        for (PatternHistory.Day d : history.days()) {
            lines.add(String.format(Locale.ROOT, "%s: %d cases, up %.0f%%, down %.0f%%, flat %.0f%%, confidence %.2f",
                    d.date(), d.cases(), d.shareUp() * 100, d.shareDown() * 100, d.shareFlat() * 100,
                    d.meanConfidence()));
        }
        return lines;
    }

    private static String historyText(List<String> lines) {
        return lines.isEmpty() ? "no earlier cases" : String.join("; ", lines);
    }
}
