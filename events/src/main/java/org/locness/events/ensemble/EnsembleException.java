package org.locness.events.ensemble;

import java.util.List;

/** An ensemble file that cannot be used; lists every problem found, not just the first. */
public class EnsembleException extends RuntimeException {
    private final List<String> problems;

    public EnsembleException(String source, List<String> problems) {
        super("invalid ensemble " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
