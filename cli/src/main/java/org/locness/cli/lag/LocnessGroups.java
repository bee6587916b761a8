package org.locness.cli.lag;

import java.util.Arrays;
import org.locness.events.topic.Component;

/**
 * Which consumer groups are the pipeline's: the ids and prefixes of {@link Component}'s table,
 * the operator's own one-shot tools left out (they read, they owe nothing).
 */
final class LocnessGroups {
    private LocnessGroups() {
    }

    static boolean isLocness(String group) {
        return Arrays.stream(Component.values())
                .filter(component -> component != Component.OPERATOR)
                .flatMap(component -> component.groupPrefixes().stream())
                .anyMatch(id -> id.endsWith("-") ? group.startsWith(id) && group.length() > id.length() : group.equals(id));
    }
}
