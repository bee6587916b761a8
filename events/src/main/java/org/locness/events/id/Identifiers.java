package org.locness.events.id;

import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;

/** Shared checks for identifier types; package-private so only identifier factories use it. */
final class Identifiers {
    private Identifiers() {
    }

    static String require(String field, String value, Pattern pattern, String rule) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidEventException(field, "'" + abbreviate(value) + "' " + rule);
        }
        return value;
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
