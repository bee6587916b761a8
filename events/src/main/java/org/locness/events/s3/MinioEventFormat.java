package org.locness.events.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.locness.events.json.EventJson;

/**
 * Writes a notification exactly as MinIO's Kafka target does: record key {@code bucket/key}, value
 * {@code {"EventName","Key","Records":[one S3 v2.0 record]}} with the object key URL-encoded.
 * The embedded lake uses it so that ingest cannot tell it from a real MinIO.
 */
public final class MinioEventFormat {
    /** MinIO's {@code event.AMZTimeFormat}: always three fraction digits, UTC. */
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private MinioEventFormat() {
    }

    public static String recordKey(String bucket, String key) {
        return bucket + "/" + key;
    }

    public static byte[] notification(S3EventKind kind, String bucket, String key, long size, String eTag,
            String contentType, Instant time, String sequencer, String endpoint) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("EventName", kind.eventName());
        root.put("Key", recordKey(bucket, key));
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.0");
        record.put("eventSource", "minio:s3");
        record.put("awsRegion", "");
        record.put("eventTime", EVENT_TIME.format(time));
        record.put("eventName", kind.eventName());
        record.putObject("userIdentity").put("principalId", "locness");
        ObjectNode request = record.putObject("requestParameters");
        request.put("principalId", "locness");
        request.put("region", "");
        request.put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-id-2", sequencer);
        response.put("x-amz-request-id", sequencer);
        response.put("x-minio-origin-endpoint", endpoint);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        ObjectNode bucketNode = s3.putObject("bucket");
        bucketNode.put("name", bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", "locness");
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        if (kind.created()) {
            object.put("size", size);
            object.put("eTag", eTag);
            object.put("contentType", contentType);
            object.putObject("userMetadata").put("content-type", contentType);
        }
        object.put("sequencer", sequencer);
        ObjectNode source = record.putObject("source");
        source.put("host", "127.0.0.1");
        source.put("port", "");
        source.put("userAgent", "locness-embedded-lake");
        return EventJson.write(root).getBytes(StandardCharsets.UTF_8);
    }
}
