package org.locness.inference.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Renders a model's template from the job's statistics, context and pattern history. Pure and
 * deterministic: the same inputs give the same text. When the prompt is over the model's context
 * limit it drops detail oldest-first (history days, then the pattern overview, then the market
 * context, then the statistics detail) and never the question; if even the bare question does not
 * fit, it fails.
 *
 * <p>The template's lines before the first one naming the job ({@code {symbol}}, {@code {stats}},
 * {@code {context}}, {@code {signature}}, {@code {history}} or {@code {question}}) are the prompt's
 * shared part: they may only use {@code {date}}, {@code {market}} and {@code {overview}}, which are
 * the same for every job of a day, so a model computes them once ({@link Prompt#sharedPrefix()}).
 */
public final class PromptBuilder {
    private static final List<String> JOB_PLACEHOLDERS =
            List.of("{symbol}", "{stats}", "{context}", "{signature}", "{history}", "{question}");
    private static final String OMITTED = "(omitted to fit)";

    private final String sharedTemplate;
    private final String ownTemplate;
    private final String question;
    private final int contextLimit;
    private final ToIntFunction<String> tokenCounter;

    /** {@code question} is the ensemble's, {@code OutcomeDefinition#question()}: the prompt asks what the outcome measures. */
    public PromptBuilder(String template, String question, int contextLimit, ToIntFunction<String> tokenCounter) {
        if (!template.contains("{question}")) {
            throw new IllegalArgumentException("prompt template must contain {question}");
        }
        int split = firstJobLine(template);
        this.sharedTemplate = template.substring(0, split);
        this.ownTemplate = template.substring(split);
        this.question = question;
        this.contextLimit = contextLimit;
        this.tokenCounter = tokenCounter;
    }

    /** Where the line holding the template's first job placeholder starts. */
    private static int firstJobLine(String template) {
        int first = template.length();
        for (String placeholder : JOB_PLACEHOLDERS) {
            int at = template.indexOf(placeholder);
            if (at >= 0) {
                first = Math.min(first, at);
            }
        }
        return template.lastIndexOf('\n', first) + 1;
    }

    public Prompt build(String symbol, String date, BarStatistics stats, MarketContext context, PatternHistory history,
            PatternOverview overview) {
        String signature = history.signature();
        List<String> historyLines = historyLines(history);
        String statsFull = statsText(stats, true);
        List<String> trimmed = new ArrayList<>();

        boolean withOverview = true;
        boolean withContext = true;
        boolean fullStats = true;
        while (true) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("{symbol}", symbol);
            values.put("{date}", date);
            values.put("{market}", withContext ? marketText(context) : OMITTED);
            values.put("{overview}", withOverview ? overviewText(overview) : OMITTED);
            values.put("{stats}", fullStats ? statsFull : statsText(stats, false));
            values.put("{context}", withContext ? contextText(context) : OMITTED);
            values.put("{signature}", signature);
            values.put("{history}", historyText(historyLines));
            values.put("{question}", question);
            String shared = fill(sharedTemplate, values);
            String own = fill(ownTemplate, values);
            String text = shared + own;
            int tokens = tokenCounter.applyAsInt(text);
            if (tokens <= contextLimit) {
                return new Prompt(text, shared.length(), tokens, signature, trimmed);
            }
            if (!historyLines.isEmpty()) {
                trimmed.add("history " + historyLines.remove(historyLines.size() - 1).split(":")[0].trim());
            } else if (withOverview && overview.present()) {
                withOverview = false;
                trimmed.add("pattern overview");
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

    private static String fill(String part, Map<String, String> values) {
        String text = part;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    /** The day's market-wide part of the context: the same for every symbol. */
    static String marketText(MarketContext c) {
        if (!c.present()) {
            return "no market context available";
        }
        return String.format(Locale.ROOT, "context of %s%s: breadth %.0f%% up, mean return %+.2f%%, dispersion %.2f%%",
                c.contextDate(), c.stale() ? " (stale)" : "", c.breadth() * 100, c.meanReturn() * 100,
                c.dispersion() * 100);
    }

    /** The symbol's own row of the context. */
    static String contextText(MarketContext c) {
        if (!c.present() || Double.isNaN(c.return7d())) {
            return "no context for this symbol";
        }
        return String.format(Locale.ROOT, "7-day return %+.2f%%, volume z-score %.2f, trend %s",
                c.return7d() * 100, c.volumeZscore(), c.trend());
    }

    static String overviewText(PatternOverview o) {
        if (!o.present()) {
            return "no earlier calls";
        }
        return String.format(Locale.ROOT, "%s: %d calls, up %.0f%%, down %.0f%%, flat %.0f%%", o.date(), o.cases(),
                o.shareUp() * 100, o.shareDown() * 100, o.shareFlat() * 100);
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
