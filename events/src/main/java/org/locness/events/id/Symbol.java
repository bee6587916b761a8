package org.locness.events.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;

/** A market symbol such as {@code BTC} or {@code BRK.B}: upper case, safe as a path segment. */
public record Symbol(String value) implements Comparable<Symbol> {
    private static final Pattern PATTERN = Pattern.compile("^[A-Z0-9][A-Z0-9._-]{0,31}$");

    public Symbol {
        Identifiers.require("symbol", value, PATTERN,
                "is not a symbol (upper-case letters, digits, '.', '_', '-'; 1-32 chars; must not start with a punctuation mark)");
        if (value.contains("..")) {
            throw new InvalidEventException("symbol", "'" + value + "' must not contain '..'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Symbol of(String value) {
        return new Symbol(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Symbol other) {
        return value.compareTo(other.value);
    }
}
