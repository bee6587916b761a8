package org.locness.events.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;

/**
 * A key in the lake bucket. Keys are built by {@link org.locness.events.lake.LakeKeys} from validated
 * identifiers; this type re-validates keys that arrive in events so a consumer never hands an
 * unchecked string to S3 or to the file system.
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {
    private static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._=/-]{0,511}$");

    public ObjectKey {
        Identifiers.require("key", value, PATTERN,
                "is not a lake object key (letters, digits, '.', '_', '-', '=', '/'; no leading '/')");
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidEventException("key", "'" + Identifiers.abbreviate(value)
                        + "' has an empty, '.' or '..' path segment");
            }
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    /** The last path segment, e.g. {@code 2026-11-29.parquet}. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(ObjectKey other) {
        return value.compareTo(other.value);
    }
}
