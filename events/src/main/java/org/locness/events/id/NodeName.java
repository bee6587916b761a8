package org.locness.events.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** An inference node (a VM), e.g. {@code vm1}. */
public record NodeName(String value) implements Comparable<NodeName> {
    private static final Pattern PATTERN = Pattern.compile("^[a-z][a-z0-9-]{0,31}$");

    public NodeName {
        Identifiers.require("node", value, PATTERN,
                "is not a node name (lower-case letter first, then letters, digits, '-'; 1-32 chars)");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NodeName of(String value) {
        return new NodeName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(NodeName other) {
        return value.compareTo(other.value);
    }
}
