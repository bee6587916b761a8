package org.locness.events.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much of a job's ensemble must have answered for its consensus to be published: at least
 * {@code minModels} succeeded models (capped at the number the job expects, so a one-model job can
 * still succeed) holding at least {@code minWeightShare} of the job's expected weight. Below it the
 * job is FAILED; at or above it, PARTIAL when a model is missing or failed, COMPLETE when none is.
 */
public record Quorum(int minModels, double minWeightShare) {
    /** The quorum of an ensemble file without a {@code quorum:} section: half the weight, any number of models. */
    public static final Quorum DEFAULT = new Quorum(1, 0.5);

    public Quorum {
        List<String> problems = problems(minModels, minWeightShare);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** What is wrong with these values, independent of any ensemble. */
    static List<String> problems(int minModels, double minWeightShare) {
        List<String> problems = new ArrayList<>();
        if (minModels < 1) {
            problems.add("quorum.minModels must be a whole number >= 1, was " + minModels);
        }
        if (!Double.isFinite(minWeightShare) || minWeightShare <= 0 || minWeightShare > 1) {
            problems.add("quorum.minWeightShare must be a share of the weight in (0, 1], e.g. 0.4, was " + minWeightShare);
        }
        return problems;
    }

    /** Empty when {@code succeeded} models holding {@code share} of the weight of {@code expected} models are enough. */
    public Optional<String> shortfall(int succeeded, int expected, double share) {
        int needed = Math.min(minModels, expected);
        // A share computed from float weights can land a hair under a configured bound it meets exactly.
        if (succeeded >= needed && share >= minWeightShare - 1e-9) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%d of %d models succeeded, holding %.1f%% of the expected weight;"
                + " the quorum needs at least %d models and %.1f%%", succeeded, expected, share * 100, needed,
                minWeightShare * 100));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "at least %d models and %.1f%% of the weight", minModels, minWeightShare * 100);
    }
}
