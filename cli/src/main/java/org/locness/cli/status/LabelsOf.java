package org.locness.cli.status;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats a label → probability map the same way in every table the CLI prints. */
public final class LabelsOf {
    private LabelsOf() {
    }

    public static String prediction(Map<String, Double> probabilities) {
        return probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
    }

    public static String format(Map<String, Double> probabilities) {
        return probabilities.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" ", "[", "]"));
    }
}
