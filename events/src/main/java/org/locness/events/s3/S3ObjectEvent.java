package org.locness.events.s3;

import java.time.Instant;

/**
 * One record of an S3 event notification, with the object key already URL-decoded. The key is a raw
 * string: a consumer validates it as an {@link org.locness.events.id.ObjectKey} before using it.
 */
public record S3ObjectEvent(String eventName, S3EventKind kind, String bucket, String key, long size, String eTag,
        Instant eventTime, String sequencer) {
}
