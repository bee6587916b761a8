package org.locness.events.weights;

import java.util.ArrayList;
import java.util.List;

/**
 * How the ensemble learns its weights, from the ensemble file's {@code adaptiveWeights:} section:
 * exponential weights (Hedge) over each model's log loss with learning rate {@code learningRate}; no
 * model's share below {@code floor}; the file's weights until a group has {@code warmUp} scored
 * outcomes; groups by the market state part named by {@code groupBy} ({@code none}, or a part of
 * the pattern signature: {@code trend}, {@code vol}, {@code volume}, {@code gap}).
 */
public record AdaptiveWeightsSpec(double learningRate, double floor, int warmUp, String groupBy) {
    public static final List<String> GROUPINGS = List.of("none", "trend", "vol", "volume", "gap");
    public static final String ALL_JOBS = "all";
    public static final AdaptiveWeightsSpec DEFAULT = new AdaptiveWeightsSpec(0.5, 0.02, 10, "vol");

    public AdaptiveWeightsSpec {
        List<String> problems = problems(learningRate, floor, warmUp, groupBy);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static List<String> problems(double learningRate, double floor, int warmUp, String groupBy) {
        List<String> problems = new ArrayList<>();
        if (!Double.isFinite(learningRate) || learningRate <= 0 || learningRate > 50) {
            problems.add("adaptiveWeights.learningRate must be in (0, 50], e.g. 0.5, was " + learningRate);
        }
        if (!Double.isFinite(floor) || floor < 0 || floor >= 0.5) {
            problems.add("adaptiveWeights.floor must be a share in [0, 0.5), e.g. 0.02, was " + floor);
        }
        if (warmUp < 0) {
            problems.add("adaptiveWeights.warmUp must be a number of outcomes >= 0, was " + warmUp);
        }
        if (!GROUPINGS.contains(groupBy)) {
            problems.add("adaptiveWeights.groupBy must be one of " + GROUPINGS + ", was " + groupBy);
        }
        return problems;
    }

    /**
     * The group of a job with this pattern signature (e.g. {@code trend=up|vol=high|volume=spike|gap=none}):
     * {@code vol=high} when grouping by {@code vol}; {@value #ALL_JOBS} when not grouping or when the
     * signature lacks the part.
     */
    public String groupOf(String signature) {
        if (groupBy.equals("none") || signature == null) {
            return ALL_JOBS;
        }
        for (String part : signature.split("\\|")) {
            if (part.startsWith(groupBy + "=")) {
                return part;
            }
        }
        return ALL_JOBS;
    }
}
