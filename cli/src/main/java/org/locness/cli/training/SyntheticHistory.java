package org.locness.cli.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.locness.events.id.TradingDate;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternOverview;

/**
 * The "earlier calls in this state" of a training prompt. In serving they are the ensemble's own past
 * opinions on the signature (unified patterns: one row per symbol and model), which say nothing
 * certain about the next day; the first days of a lake have none. So half the training prompts say
 * "no earlier cases" and half quote up to {@link #MAX_DAYS} earlier days on which the signature
 * occurred within the daily prep's pattern window, with the real number of cases (symbols with that signature that day × models) and
 * random opinions: the models learn to read past them rather than to trust them. Pure and
 * deterministic per (seed, symbol, date).
 */
final class SyntheticHistory {
    /** As many days as the node quotes at most (inference-node JobPrompt.HISTORY_DAYS). */
    static final int MAX_DAYS = 5;
    static final double SHARE_WITH_HISTORY = 0.5;

    private SyntheticHistory() {
    }

    /**
     * @param signatureCounts per earlier date, how many symbols had this signature
     * @param models how many models each symbol's job had
     */
    static PatternHistory of(String signature, TradingDate date, Map<TradingDate, Integer> signatureCounts,
            int models, SplittableRandom random) {
        if (random.nextDouble() >= SHARE_WITH_HISTORY) {
            return PatternHistory.none(signature);
        }
        List<PatternHistory.Day> days = new ArrayList<>();
        for (int back = 1; back <= PrepWindow.PATTERN_DAYS && days.size() < MAX_DAYS; back++) {
            TradingDate day = date.minusDays(back);
            Integer symbols = signatureCounts.get(day);
            if (symbols != null) {
                days.add(opinions(day, (long) symbols * models, random));
            }
        }
        return new PatternHistory(signature, days);
    }

    /**
     * The prompt's pattern overview: the day before's calls over every signature (the number of
     * symbols that had a job that day × models), with random opinions; none before the first day.
     */
    static PatternOverview overview(TradingDate date, int symbolsDayBefore, int models, SplittableRandom random) {
        if (symbolsDayBefore == 0) {
            return PatternOverview.none();
        }
        PatternHistory.Day day = opinions(date.minusDays(1), (long) symbolsDayBefore * models, random);
        return new PatternOverview(day.date(), day.cases(), day.shareUp(), day.shareDown(), day.shareFlat());
    }

    private static PatternHistory.Day opinions(TradingDate day, long cases, SplittableRandom random) {
        double up = -Math.log(1 - random.nextDouble());
        double down = -Math.log(1 - random.nextDouble());
        double flat = -Math.log(1 - random.nextDouble());
        double sum = up + down + flat;
        double confidence = 0.34 + 0.5 * random.nextDouble();
        return new PatternHistory.Day(day.value(), cases, up / sum, down / sum, flat / sum, confidence);
    }
}
