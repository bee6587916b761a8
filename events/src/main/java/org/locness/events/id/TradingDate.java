package org.locness.events.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;

/** A calendar date in ISO form ({@code 2026-11-29}); impossible dates such as 2026-02-30 are rejected. */
public record TradingDate(LocalDate date) implements Comparable<TradingDate> {
    private static final Pattern PATTERN = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    public TradingDate {
        if (date == null) {
            throw new InvalidEventException("date", "is required");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TradingDate of(String value) {
        Identifiers.require("date", value, PATTERN, "is not an ISO date (yyyy-MM-dd)");
        try {
            return new TradingDate(LocalDate.parse(value, STRICT));
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("date", "'" + value + "' does not exist in the calendar", e);
        }
    }

    public static TradingDate of(LocalDate date) {
        return new TradingDate(date);
    }

    @JsonValue
    public String value() {
        return date.toString();
    }

    public TradingDate minusDays(long days) {
        return new TradingDate(date.minusDays(days));
    }

    public boolean isAfter(TradingDate other) {
        return date.isAfter(other.date);
    }

    public TradingDate plusDays(long days) {
        return new TradingDate(date.plusDays(days));
    }

    @Override
    public String toString() {
        return value();
    }

    @Override
    public int compareTo(TradingDate other) {
        return date.compareTo(other.date);
    }
}
