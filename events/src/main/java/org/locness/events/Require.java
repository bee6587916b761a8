package org.locness.events;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Field checks used by the event records' constructors; each failure names the field. */
public final class Require {
    private Require() {
    }

    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        return value;
    }

    public static String text(String field, String value, int maxLength) {
        present(field, value);
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidEventException(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    public static <T> List<T> nonEmpty(String field, List<T> values) {
        present(field, values);
        if (values.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        return List.copyOf(values);
    }

    public static <T> void distinct(String field, Collection<T> values) {
        if (values.stream().distinct().count() != values.size()) {
            throw new InvalidEventException(field, "contains duplicates");
        }
    }

    public static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidEventException(field, "must not be negative, was " + value);
        }
        return value;
    }

    public static double finiteNonNegative(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidEventException(field, "must be a finite number >= 0, was " + value);
        }
        return value;
    }

    /** A probability distribution over labels: finite values in [0, 1] that sum to 1 (±1e-3). */
    public static Map<String, Double> distribution(String field, Map<String, Double> probabilities) {
        present(field, probabilities);
        if (probabilities.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            Double p = e.getValue();
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new InvalidEventException(field, "has a blank label");
            }
            if (p == null || !Double.isFinite(p) || p < 0 || p > 1) {
                throw new InvalidEventException(field + "." + e.getKey(), "must be a probability in [0, 1], was " + p);
            }
            sum += p;
        }
        if (Math.abs(sum - 1.0) > 1e-3) {
            throw new InvalidEventException(field, "must sum to 1, sums to " + sum);
        }
        return Map.copyOf(probabilities);
    }
}
