package org.locness.lake.bootstrap;

/** The S3 server answered 501 NotImplemented to a bucket-notification call (s3proxy does). */
final class NotificationsUnsupportedException extends RuntimeException {
    NotificationsUnsupportedException(String message) {
        super(message);
    }
}
