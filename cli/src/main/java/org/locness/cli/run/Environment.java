package org.locness.cli.run;

import java.util.HashMap;
import java.util.Map;

/**
 * The process environment with command-line flags laid over it: flags win, so
 * {@code locness sweeper --node vm1} and {@code LOCNESS_NODE=vm1 locness sweeper} are the same, and
 * each component's typed config still reads one map in one place.
 */
public final class Environment {
    private final Map<String, String> values = new HashMap<>(System.getenv());

    public Environment set(String name, Object value) {
        if (value != null) {
            values.put(name, value.toString());
        }
        return this;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
