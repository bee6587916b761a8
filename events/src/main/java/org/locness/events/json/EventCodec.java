package org.locness.events.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;
import org.locness.events.InvalidEventException;

/**
 * Reads and writes one event type. Every way a payload can be wrong ends in an
 * {@link InvalidEventException} that names the field, never in a bare Jackson error.
 */
public final class EventCodec<T> {
    private final Class<T> type;

    private EventCodec(Class<T> type) {
        this.type = type;
    }

    public static <T> EventCodec<T> of(Class<T> type) {
        return new EventCodec<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public byte[] serialize(T event) {
        return EventJson.write(event).getBytes(StandardCharsets.UTF_8);
    }

    public String toJson(T event) {
        return EventJson.write(event);
    }

    public T parse(String json) {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    public T parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new InvalidEventException("$", "empty payload: expected a JSON object");
        }
        try {
            T value = EventJson.mapper().readValue(payload, type);
            if (value == null) {
                throw new InvalidEventException("$", "expected a JSON object, got null");
            }
            return value;
        } catch (StreamReadException e) {
            throw new InvalidEventException("$", "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (DatabindException e) {
            throw translate((JsonMappingException) e);
        } catch (JacksonException e) {
            throw new InvalidEventException("$", "unreadable payload: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("$", "unreadable payload: " + e.getMessage(), e);
        }
    }

    private static InvalidEventException translate(JsonMappingException e) {
        String path = path(e.getPath());
        Throwable cause = e instanceof ValueInstantiationException ? e.getCause() : null;
        if (cause instanceof InvalidEventException invalid) {
            if (path.isEmpty()) {
                return invalid;
            }
            boolean identifier = isIdentifier(((ValueInstantiationException) e).getType().getRawClass());
            return new InvalidEventException(identifier ? path : nested(path, invalid.field()), invalid.reason(), invalid);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
            return new InvalidEventException(path.isEmpty() ? "$" : path, "has the wrong type: expected " + expected, e);
        }
        return new InvalidEventException(path.isEmpty() ? "$" : path, ((JsonProcessingException) e).getOriginalMessage(), e);
    }

    /**
     * A nested record's constructor names its own field ({@code weight}, or {@code timings.promptTokens});
     * the error is anchored below the record's place in the payload: {@code expectedModels[0].weight}.
     */
    private static String nested(String path, String field) {
        if (field == null || field.isEmpty() || field.equals("$")) {
            return path;
        }
        String last = path.substring(path.lastIndexOf('.') + 1);
        return path + "." + (field.startsWith(last + ".") ? field.substring(last.length() + 1) : field);
    }

    /** Identifier types are single JSON strings: an error in one belongs to the field that holds it. */
    private static boolean isIdentifier(Class<?> type) {
        return type.isRecord() && type.getPackageName().endsWith(".id");
    }

    private static String describe(Class<?> target) {
        if (CharSequence.class.isAssignableFrom(target) || isIdentifier(target)) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(target)) {
            return "an ISO-8601 date-time string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.toString(target.getEnumConstants());
        }
        return "an object";
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
