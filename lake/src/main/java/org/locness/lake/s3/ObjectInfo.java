package org.locness.lake.s3;

import java.time.Instant;
import org.locness.events.id.ObjectKey;

/** What the lake knows about one object. */
public record ObjectInfo(ObjectKey key, long size, String eTag, Instant lastModified) {
}
