package org.locness.lake.bootstrap;

import io.minio.messages.NotificationConfiguration;
import java.io.PrintStream;
import java.util.Set;
import org.locness.events.topic.Topic;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.s3.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code locness lake init}: makes sure the lake's bucket exists and announces its object changes
 * to Kafka. Idempotent: a bucket already set up as wanted is reported and left alone. Exit codes are
 * those of {@link InitOutcome}: 0 set up (now or before), 1 failed, 3 the server has no bucket
 * notifications.
 */
public final class LakeInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(LakeInitializer.class);

    private final BucketNotifications bucket;
    private final PrintStream out;

    LakeInitializer(BucketNotifications bucket, PrintStream out) {
        this.bucket = bucket;
        this.out = out;
    }

    /** Sets up {@code lake}'s bucket, reporting each step on {@code out}; returns the exit code. */
    public static int run(Lake lake, LakeNotificationConfig config, PrintStream out) {
        return initialize(lake, config, out).exitCode();
    }

    public static InitOutcome initialize(Lake lake, LakeNotificationConfig config, PrintStream out) {
        return new LakeInitializer(new MinioBucketNotifications(lake, Retry.defaults()), out).initialize(config);
    }

    InitOutcome initialize(LakeNotificationConfig config) {
        String name = bucket.bucket();
        NotificationConfiguration wanted = LakeNotifications.build(config);
        Set<NotificationRule> wantedRules = NotificationRule.of(wanted);
        try {
            out.println("bucket " + name + ": " + (bucket.createBucketIfMissing() ? "created" : "already there"));
            Set<NotificationRule> current = NotificationRule.of(bucket.read());
            if (current.equals(wantedRules)) {
                out.println("notifications of bucket " + name + " already as wanted, nothing changed: "
                        + NotificationRule.describe(current));
                return InitOutcome.ALREADY_CONFIGURED;
            }
            if (!current.isEmpty()) {
                out.println("replacing the notifications of bucket " + name + ": " + NotificationRule.describe(current));
            }
            write(wanted, config);
            Set<NotificationRule> readBack = NotificationRule.of(bucket.read());
            if (!readBack.equals(wantedRules)) {
                out.println("lake init failed: the notifications read back from bucket " + name + " differ from those"
                        + " just set.\n  wanted: " + NotificationRule.describe(wantedRules)
                        + "\n  server has: " + NotificationRule.describe(readBack));
                LOG.error("bucket {} notifications differ after set: wanted {}, read {}", name, wantedRules, readBack);
                return InitOutcome.FAILED;
            }
            out.println("notifications of bucket " + name + " set and confirmed: " + NotificationRule.describe(readBack));
            return InitOutcome.CONFIGURED;
        } catch (NotificationsUnsupportedException e) {
            out.println("This S3 server does not support bucket notifications (" + e.getMessage() + ").\n"
                    + "Nothing to configure: on the embedded lake (s3proxy) the lake itself publishes every object"
                    + " event to " + Topic.LAKE_OBJECT_EVENTS.topicName() + " in MinIO's format.\n"
                    + "On MinIO this step points bucket " + name + " at " + config.targetArn() + ".");
            LOG.info("bucket {}: server has no bucket notifications ({})", name, e.getMessage());
            return InitOutcome.NOTIFICATIONS_UNSUPPORTED;
        } catch (LakeException e) {
            out.println("lake init failed: " + e.getMessage());
            LOG.error("lake init of bucket {} failed", name, e);
            return InitOutcome.FAILED;
        }
    }

    private void write(NotificationConfiguration wanted, LakeNotificationConfig config) {
        try {
            bucket.write(wanted);
        } catch (LakeException e) {
            if (e.isTransient()) {
                throw e;
            }
            throw new LakeException(e.getMessage() + "\n  The server may have no notification target "
                    + config.targetArn() + ". On MinIO, enable its Kafka target (MINIO_NOTIFY_KAFKA_ENABLE_<ID>=on,"
                    + " MINIO_NOTIFY_KAFKA_BROKERS_<ID>, MINIO_NOTIFY_KAFKA_TOPIC_<ID>="
                    + Topic.LAKE_OBJECT_EVENTS.topicName() + ") and make " + LakeNotificationConfig.TARGET_ARN_ENV
                    + " name the same <ID>.", e, false);
        }
    }
}
