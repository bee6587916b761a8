package org.locness.cli.dlq;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Which dead letters a replay takes: those whose {@code dlq_reason} contains {@code reason} (if
 * given) and that were dead-lettered at or after {@code since} (if given).
 */
public record ReplayFilter(String reason, Instant since) {
    public static final ReplayFilter ALL = new ReplayFilter(null, null);

    public ReplayFilter {
        if (reason != null && reason.isBlank()) {
            throw new IllegalArgumentException("--reason must not be blank");
        }
    }

    /** {@code --since}: an instant ({@code 2026-11-02T08:00:00Z}) or a duration back from now ({@code PT1H}, {@code P2D}). */
    public static Instant since(String text, Clock clock) {
        if (text == null) {
            return null;
        }
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                Duration back = Duration.parse(text);
                if (back.isNegative()) {
                    throw new IllegalArgumentException("--since: '" + text + "' is negative; give how long ago, e.g. PT1H");
                }
                return clock.instant().minus(back);
            }
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--since: '" + text + "' is neither an instant such as "
                    + "2026-11-02T08:00:00Z nor a duration such as PT1H or P2D");
        }
    }

    public boolean accepts(DeadLetter letter) {
        return (reason == null || letter.reason().contains(reason))
                && (since == null || !letter.time().isBefore(since));
    }
}
