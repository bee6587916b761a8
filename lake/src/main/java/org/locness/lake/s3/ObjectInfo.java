package org.locness.lake.s3;

import java.time.Instant;
import org.locness.events.id.ObjectKey;

/** What the lake knows about one object. */
public record ObjectInfo(ObjectKey key, long size, String eTag, Instant lastModified) {

    /**
     * Whether the object holds the content with this MD5. Single-part ETags are the content's MD5;
     * a multipart or missing ETag proves nothing, so it counts as different.
     */
    public boolean hasMd5(String md5) {
        return eTag != null && eTag.replace("\"", "").equalsIgnoreCase(md5);
    }
}
