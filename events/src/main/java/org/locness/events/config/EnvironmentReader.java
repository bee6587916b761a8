package org.locness.events.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.locness.events.InvalidEventException;

/**
 * How every component reads its settings from the environment: each value is read once, and every
 * problem is collected, naming its variable, so a misconfigured process reports everything wrong in
 * one message instead of one fix per restart.
 *
 * <p>An unset and a blank variable are the same: a manifest that leaves a value empty means the default.
 * Values are trimmed before they are parsed and quoted. A value that cannot be parsed is recorded as a
 * problem; what the method then returns is documented per method and only matters to the range checks
 * that run before {@link #throwIfProblems()}.
 */
public final class EnvironmentReader {
    private final Map<String, String> env;
    private final String component;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param env       the variables, usually {@code System.getenv()}
     * @param component the name the error message starts with: "invalid {@code component} configuration"
     */
    public EnvironmentReader(Map<String, String> env, String component) {
        this.env = Objects.requireNonNull(env, "env");
        this.component = Objects.requireNonNull(component, "component");
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    public Optional<String> text(String name) {
        String raw = env.get(name);
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
    }

    /**
     * A whole number; {@code fallback} when unset, and also when unparsable, so range checks do not
     * report the same variable twice.
     *
     * @param expected what a valid value is, completing "'x' is not ...", e.g. "a number of uploads such as 2"
     */
    public int integer(String name, int fallback, String expected) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            problem(name + ": '" + value.get() + "' is not " + expected);
            return fallback;
        }
    }

    /** A port number, parsed like {@link #integer}; its range is checked by {@link #portProblem}. */
    public int port(String name, int fallback) {
        return integer(name, fallback, "a port number");
    }

    /**
     * An ISO-8601 duration; {@code fallback} when unset, {@code null} when unparsable (range checks skip
     * absent values).
     *
     * @param examples valid values shown in the problem, e.g. "PT30M or PT5M"
     */
    public Duration duration(String name, Duration fallback, String examples) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Duration.parse(value.get());
        } catch (DateTimeParseException e) {
            problem(name + ": '" + value.get() + "' is not an ISO-8601 duration such as " + examples);
            return null;
        }
    }

    /** {@code true} or {@code false} in any case; {@code fallback} when unset or anything else. */
    public boolean flag(String name, boolean fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("true") || value.get().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.get());
        }
        problem(name + ": '" + value.get() + "' is neither true nor false");
        return fallback;
    }

    /**
     * An absolute directory, normalised; {@code fallback} when unset, {@code null} when relative: a
     * relative path would depend on where the process happens to be started.
     */
    public Path directory(String name, Path fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        Path dir = Path.of(value.get());
        if (!dir.isAbsolute()) {
            problem(name + ": '" + value.get() + "' must be an absolute path");
            return null;
        }
        return dir.normalize();
    }

    /**
     * A required identifier such as a node name; {@code null} when unset or rejected by {@code parse}.
     *
     * @param hint  what to set, completing "NAME is not set: ...", e.g. "name the node, e.g. vm1"
     * @param parse the identifier's factory, e.g. {@code NodeName::of}
     */
    public <T> T identifier(String name, String hint, Function<String, T> parse) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            problem(name + " is not set: " + hint);
            return null;
        }
        try {
            return parse.apply(value.get());
        } catch (InvalidEventException e) {
            problem(name + ": " + e.reason());
            return null;
        }
    }

    /**
     * Runs a factory that reads its own variables, such as {@code KafkaSettings.fromEnvironment}; its
     * {@link IllegalArgumentException} becomes a problem and the result {@code null}.
     */
    public <T> T attempt(Supplier<T> factory) {
        try {
            return factory.get();
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return null;
        }
    }

    /** Records a problem found by the caller, e.g. a value out of range. */
    public void problem(String problem) {
        problems.add(Objects.requireNonNull(problem, "problem"));
    }

    /** Throws one {@link IllegalArgumentException} listing every problem recorded, if there is any. */
    public void throwIfProblems() {
        throwIfAny(component, problems);
    }

    /**
     * Throws when {@code problems} is not empty, in the same format as {@link #throwIfProblems()}; for
     * a configuration record's constructor, which checks values that did not come from the environment.
     */
    public static void throwIfAny(String component, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + component + " configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** The problem with a port outside 0..65535 (0 = any free port), if it is. */
    public static Optional<String> portProblem(String name, int port) {
        return port < 0 || port > 65535
                ? Optional.of(name + " must be a port in 0..65535, was " + port)
                : Optional.empty();
    }
}
