package org.locness.lake.bootstrap;

import io.minio.messages.NotificationConfiguration;

/** The S3 calls {@code lake init} makes, kept apart from the decisions it takes. */
interface BucketNotifications {
    String bucket();

    /** Creates the bucket unless it exists; true when it was created now. */
    boolean createBucketIfMissing();

    /** @throws NotificationsUnsupportedException when the server does not implement bucket notifications */
    NotificationConfiguration read();

    /** Replaces the bucket's whole notification configuration. */
    void write(NotificationConfiguration configuration);
}
