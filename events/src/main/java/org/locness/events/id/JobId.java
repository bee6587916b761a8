package org.locness.events.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;

/**
 * A job's identity. Either chosen by the requester or derived deterministically from symbol, date
 * and a sequence ({@link #derive}), so that a re-sent request maps to the same job.
 */
public record JobId(String value) implements Comparable<JobId> {
    private static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public JobId {
        Identifiers.require("jobId", value, PATTERN,
                "is not a job id (letters, digits, '.', '_', '-'; 1-64 chars; must not start with a punctuation mark)");
        if (value.contains("..")) {
            throw new InvalidEventException("jobId", "'" + value + "' must not contain '..'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static JobId of(String value) {
        return new JobId(value);
    }

    /** {@code BTC-2026-11-29-001}: readable in kcat output and stable across retries. */
    public static JobId derive(Symbol symbol, TradingDate date, int sequence) {
        if (sequence < 1 || sequence > 999) {
            throw new InvalidEventException("sequence", sequence + " is outside 1..999");
        }
        return new JobId(symbol.value() + "-" + date.value() + "-" + String.format("%03d", sequence));
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(JobId other) {
        return value.compareTo(other.value);
    }
}
