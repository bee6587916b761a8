package org.locness.events.inference;

import org.locness.events.Require;

/**
 * Where one model's time for one job went: prompt size, the forward passes, and everything else
 * the node did (cache, input, writing outputs).
 */
public record Timings(int promptTokens, long inferenceMillis, long totalMillis) {
    public Timings {
        Require.nonNegative("timings.promptTokens", promptTokens);
        Require.nonNegative("timings.inferenceMillis", inferenceMillis);
        Require.nonNegative("timings.totalMillis", totalMillis);
    }

    public static Timings none() {
        return new Timings(0, 0, 0);
    }
}
