package org.locness.lake.bootstrap;

import io.minio.BucketExistsArgs;
import io.minio.GetBucketNotificationArgs;
import io.minio.MinioClient;
import io.minio.SetBucketNotificationArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.NotificationConfiguration;
import java.util.Optional;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.Retry;

/**
 * Bucket notifications through minio-java. A 501 is taken out of the retry loop on purpose: the
 * lake's retries treat every 5xx as transient, but "not implemented" will not change on a retry.
 */
final class MinioBucketNotifications implements BucketNotifications {
    private static final int NOT_IMPLEMENTED = 501;

    private final Lake lake;
    private final MinioClient client;
    private final Retry retry;

    MinioBucketNotifications(Lake lake, Retry retry) {
        this.lake = lake;
        this.client = lake.client();
        this.retry = retry;
    }

    @Override
    public String bucket() {
        return lake.bucket();
    }

    @Override
    public boolean createBucketIfMissing() {
        boolean existed = retry.call("check bucket " + bucket(),
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build()));
        if (!existed) {
            lake.ensureBucket();
        }
        return !existed;
    }

    @Override
    public NotificationConfiguration read() {
        Optional<NotificationConfiguration> read = retry.call("get notifications of bucket " + bucket(),
                () -> unlessNotImplemented(() -> client.getBucketNotification(
                        GetBucketNotificationArgs.builder().bucket(bucket()).build())));
        return read.orElseThrow(() -> unsupported("GET"));
    }

    @Override
    public void write(NotificationConfiguration configuration) {
        Optional<Boolean> written = retry.call("set notifications of bucket " + bucket(),
                () -> unlessNotImplemented(() -> {
                    client.setBucketNotification(SetBucketNotificationArgs.builder().bucket(bucket())
                            .config(configuration).build());
                    return true;
                }));
        if (written.isEmpty()) {
            throw unsupported("PUT");
        }
    }

    private NotificationsUnsupportedException unsupported(String method) {
        return new NotificationsUnsupportedException(method + " /" + bucket() + "?notification answered 501 NotImplemented");
    }

    /** Runs the call; empty when the server does not implement it. */
    private static <T> Optional<T> unlessNotImplemented(Retry.Call<T> call) throws Exception {
        try {
            return Optional.of(call.run());
        } catch (ErrorResponseException e) {
            if (isNotImplemented(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static boolean isNotImplemented(ErrorResponseException e) {
        return "NotImplemented".equals(e.errorResponse().code())
                || e.response() != null && e.response().code() == NOT_IMPLEMENTED;
    }
}
