package org.locness.events.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;

/** An ensemble model's name, e.g. {@code gemma-7b} or {@code phi-3-mini-tiny}; lower case. */
public record ModelName(String value) implements Comparable<ModelName> {
    private static final Pattern PATTERN = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,47}$");

    public ModelName {
        Identifiers.require("model", value, PATTERN,
                "is not a model name (lower-case letters, digits, '.', '-'; 1-48 chars)");
        if (value.contains("..")) {
            throw new InvalidEventException("model", "'" + value + "' must not contain '..'");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ModelName of(String value) {
        return new ModelName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(ModelName other) {
        return value.compareTo(other.value);
    }
}
