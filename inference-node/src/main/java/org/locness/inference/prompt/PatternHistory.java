package org.locness.inference.prompt;

import java.util.List;

/** What the ensemble said before about this signature: one line per past day, newest first. */
public record PatternHistory(String signature, List<Day> days) {
    public PatternHistory {
        days = List.copyOf(days);
    }

    public record Day(String date, long cases, double shareUp, double shareDown, double shareFlat,
            double meanConfidence) {
    }

    public static PatternHistory none(String signature) {
        return new PatternHistory(signature, List.of());
    }
}
