package org.locness.ingest.prep;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;

/**
 * Lake keys that carry a date between a fixed prefix and suffix ({@code daily-prepared/<date>.parquet},
 * {@code patterns/<date>/unified.parquet}, {@code market-data/<symbol>/<date>.parquet}).
 */
public record DatedKeys(String prefix, String suffix) {

    /** A key with the date it carries. */
    public record Dated(ObjectKey key, TradingDate date) {
    }

    public Optional<TradingDate> dateOf(ObjectKey key) {
        String value = key.value();
        if (!value.startsWith(prefix) || !value.endsWith(suffix) || value.length() <= prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TradingDate.of(value.substring(prefix.length(), value.length() - suffix.length())));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    /**
     * The key with the latest date on or before {@code day}: data from after a job's day would let
     * the ensemble see the future. Keys of another shape are ignored.
     */
    public Optional<Dated> newestOnOrBefore(List<ObjectKey> keys, TradingDate day) {
        return keys.stream()
                .flatMap(k -> dateOf(k).map(d -> new Dated(k, d)).stream())
                .filter(d -> d.date().compareTo(day) <= 0)
                .max(Comparator.comparing(Dated::date));
    }
}
