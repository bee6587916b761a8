package org.locness.events.s3;

/** The S3 event names Locness distinguishes; everything else is {@link #OTHER}. */
public enum S3EventKind {
    PUT("s3:ObjectCreated:Put", true),
    POST("s3:ObjectCreated:Post", true),
    COPY("s3:ObjectCreated:Copy", true),
    COMPLETE_MULTIPART_UPLOAD("s3:ObjectCreated:CompleteMultipartUpload", true),
    DELETE("s3:ObjectRemoved:Delete", false),
    DELETE_MARKER_CREATED("s3:ObjectRemoved:DeleteMarkerCreated", false),
    OTHER("", false);

    private final String eventName;
    private final boolean created;

    S3EventKind(String eventName, boolean created) {
        this.eventName = eventName;
        this.created = created;
    }

    public String eventName() {
        return eventName;
    }

    /** The object now exists (put, post, copy, multipart completion). */
    public boolean created() {
        return created;
    }

    public boolean removed() {
        return this == DELETE || this == DELETE_MARKER_CREATED;
    }

    public static S3EventKind fromEventName(String eventName) {
        for (S3EventKind kind : values()) {
            if (kind != OTHER && kind.eventName.equals(eventName)) {
                return kind;
            }
        }
        return OTHER;
    }
}
