package org.locness.inference.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.locness.events.config.EnvironmentReader;

/**
 * How a model of the node scores its jobs.
 *
 * @param batchSize    the most jobs one forward pass scores ({@code LOCNESS_BATCH_SIZE}, default 4); 1 scores
 *                     each job alone
 * @param batchWait    how long a model's consumer waits for more jobs once one has come
 *                     ({@code LOCNESS_BATCH_WAIT}, ISO-8601, default PT0S: a job that comes alone is not
 *                     delayed; a backlog, such as a day's jobs published together, fills batches by itself)
 * @param prefixCaches how many shared-prefix KV caches each model keeps ({@code LOCNESS_PREFIX_CACHES}, default 2:
 *                     the day's and the one before a context refresh)
 */
public record ScoringSettings(int batchSize, Duration batchWait, int prefixCaches) {
    public static final String BATCH_SIZE_ENV = "LOCNESS_BATCH_SIZE";
    public static final String BATCH_WAIT_ENV = "LOCNESS_BATCH_WAIT";
    public static final String PREFIX_CACHES_ENV = "LOCNESS_PREFIX_CACHES";
    public static final ScoringSettings DEFAULT = new ScoringSettings(4, Duration.ZERO, 2);
    private static final int MAX_BATCH_SIZE = 64;

    public ScoringSettings {
        List<String> problems = problems(batchSize, batchWait, prefixCaches);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Reads the three settings, reporting their problems to {@code read}; null if there are any. */
    static ScoringSettings read(EnvironmentReader read) {
        int size = read.integer(BATCH_SIZE_ENV, DEFAULT.batchSize(), "a whole number of jobs, 1 to " + MAX_BATCH_SIZE);
        Duration wait = read.duration(BATCH_WAIT_ENV, DEFAULT.batchWait(), "PT0S or PT0.05S");
        int caches = read.integer(PREFIX_CACHES_ENV, DEFAULT.prefixCaches(), "a whole number, at least 1");
        // An unparsable wait is reported by the reader already.
        List<String> problems = problems(size, wait == null ? DEFAULT.batchWait() : wait, caches);
        problems.forEach(read::problem);
        return problems.isEmpty() && wait != null ? new ScoringSettings(size, wait, caches) : null;
    }

    private static List<String> problems(int batchSize, Duration batchWait, int prefixCaches) {
        List<String> problems = new ArrayList<>();
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            problems.add(BATCH_SIZE_ENV + " must be 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (batchWait == null || batchWait.isNegative() || batchWait.compareTo(Duration.ofSeconds(10)) > 0) {
            problems.add(BATCH_WAIT_ENV + " must be a duration from PT0S to PT10S, was " + batchWait);
        }
        if (prefixCaches < 1) {
            problems.add(PREFIX_CACHES_ENV + " must be at least 1, was " + prefixCaches);
        }
        return problems;
    }
}
