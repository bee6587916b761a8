package org.locness.lake.s3;

/** An object's content as one GET served it, with that response's ETag (null if the server sent none). */
public record ObjectBytes(byte[] bytes, String eTag) {
    /** Whether {@code info}, the object as the lake describes it now, is still these bytes: same ETag. */
    public boolean sameVersionAs(ObjectInfo info) {
        return eTag != null && info.eTag() != null && stripQuotes(eTag).equals(stripQuotes(info.eTag()));
    }

    private static String stripQuotes(String etag) {
        return etag.replace("\"", "");
    }
}
