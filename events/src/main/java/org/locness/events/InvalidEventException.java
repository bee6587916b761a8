package org.locness.events;

/**
 * A payload or identifier that breaks the contract. Always names the offending field, so the DLQ
 * header and the log line tell an operator exactly what to fix.
 */
public class InvalidEventException extends RuntimeException {
    private final String field;
    private final String reason;

    public InvalidEventException(String field, String reason) {
        this(field, reason, null);
    }

    public InvalidEventException(String field, String reason, Throwable cause) {
        super(field + ": " + reason, cause);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** Re-anchors an error raised inside a nested value at the enclosing field's path. */
    public InvalidEventException within(String parent) {
        String path = field == null || field.isEmpty() || field.equals("$") ? parent : parent + "." + field;
        return new InvalidEventException(path, reason, this);
    }
}
