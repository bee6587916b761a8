package org.locness.inference.prompt;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A day's unified patterns ({@code patterns/<date>/unified.parquet}) parsed once: each signature's days,
 * newest first, and the overview of the newest day over every signature. Immutable, so every model of
 * a node can share it; {@link #none()} when the job names no patterns.
 */
public record UnifiedPatterns(Map<String, List<PatternHistory.Day>> daysBySignature, PatternOverview overview) {

    public UnifiedPatterns {
        daysBySignature = daysBySignature.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    public static UnifiedPatterns none() {
        return new UnifiedPatterns(Map.of(), PatternOverview.none());
    }

    /** What the ensemble said before about {@code signature}: its newest {@code maxDays} days. */
    public PatternHistory history(String signature, int maxDays) {
        List<PatternHistory.Day> days = daysBySignature.getOrDefault(signature, List.of());
        return new PatternHistory(signature, days.subList(0, Math.min(maxDays, days.size())));
    }
}
