package org.locness.events.s3;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.locness.events.InvalidEventException;
import org.locness.events.json.EventJson;

/**
 * Reads MinIO's {@code notify_kafka} messages ({@code {"EventName","Key","Records":[…]}}) and bare
 * AWS-style {@code {"Records":[…]}} bodies. Keys arrive form-URL-encoded ({@code %2F}, {@code +}).
 */
public final class MinioEventParser {
    private MinioEventParser() {
    }

    public static List<S3ObjectEvent> parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new InvalidEventException("$", "empty payload: expected an S3 event notification");
        }
        JsonNode root;
        try {
            root = EventJson.mapper().readTree(payload);
        } catch (IOException e) {
            throw new InvalidEventException("$", "malformed JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("$", "expected a JSON object");
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new InvalidEventException("Records", "is required and must be a non-empty array");
        }
        List<S3ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            String at = "Records[" + i + "]";
            events.add(parseRecord(records.get(i), at));
        }
        return events;
    }

    private static S3ObjectEvent parseRecord(JsonNode record, String at) {
        String eventName = text(record, "eventName", at);
        JsonNode s3 = object(record, "s3", at);
        String bucket = text(object(s3, "bucket", at + ".s3"), "name", at + ".s3.bucket");
        JsonNode object = object(s3, "object", at + ".s3");
        String rawKey = text(object, "key", at + ".s3.object");
        String key;
        try {
            key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(at + ".s3.object.key", "is not URL-encoded correctly: " + e.getMessage(), e);
        }
        JsonNode size = object.get("size");
        if (size != null && !size.isNull() && !size.canConvertToLong()) {
            throw new InvalidEventException(at + ".s3.object.size", "has the wrong type: expected a number");
        }
        Instant time = null;
        JsonNode eventTime = record.get("eventTime");
        if (eventTime != null && eventTime.isTextual()) {
            try {
                time = Instant.parse(eventTime.asText());
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(at + ".eventTime", "is not an ISO-8601 instant", e);
            }
        }
        return new S3ObjectEvent(eventName, S3EventKind.fromEventName(eventName), bucket, key,
                size == null || size.isNull() ? 0 : size.asLong(), optionalText(object, "eTag"), time,
                optionalText(object, "sequencer"));
    }

    private static JsonNode object(JsonNode parent, String field, String at) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(at + "." + field, "is required and must be an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String at) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new InvalidEventException(at + "." + field, "is required and must be a non-empty string");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || !node.isTextual() ? null : node.asText();
    }
}
