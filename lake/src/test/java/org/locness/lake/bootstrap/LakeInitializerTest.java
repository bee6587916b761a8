package org.locness.lake.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.messages.EventType;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.locness.lake.s3.LakeException;

class LakeInitializerTest {
    private final FakeBucket bucket = new FakeBucket();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final LakeInitializer initializer =
            new LakeInitializer(bucket, new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void createsTheBucketSetsTheNotificationsAndConfirmsThem() {
        InitOutcome outcome = initializer.initialize(LakeNotificationConfig.defaults());

        assertEquals(InitOutcome.CONFIGURED, outcome);
        assertEquals(0, outcome.exitCode());
        assertTrue(bucket.exists);
        assertEquals(1, bucket.writes);
        assertEquals(NotificationRule.of(LakeNotifications.build(LakeNotificationConfig.defaults())),
                NotificationRule.of(bucket.stored));
        assertTrue(output().contains("bucket lake: created"), output());
        assertTrue(output().contains("set and confirmed: queue arn:minio:sqs::PRIMARY:kafka on s3:ObjectCreated:CompleteMultipartUpload,"
                + " s3:ObjectCreated:Copy, s3:ObjectCreated:Put, s3:ObjectRemoved:Delete (whole bucket)"), output());
    }

    @Test
    void aSecondRunFindsEverythingInPlaceAndChangesNothing() {
        initializer.initialize(LakeNotificationConfig.defaults());
        printed.reset();

        InitOutcome outcome = initializer.initialize(LakeNotificationConfig.defaults());

        assertEquals(InitOutcome.ALREADY_CONFIGURED, outcome);
        assertEquals(0, outcome.exitCode());
        assertEquals(1, bucket.writes, "no second write");
        assertTrue(output().contains("bucket lake: already there"), output());
        assertTrue(output().contains("already as wanted, nothing changed"), output());
    }

    @Test
    void replacesADifferentConfigurationAndSaysWhatItReplaced() {
        bucket.exists = true;
        bucket.stored = queueTo("arn:minio:sqs::OLD:webhook", EventType.OBJECT_CREATED_PUT);

        InitOutcome outcome = initializer.initialize(LakeNotificationConfig.defaults());

        assertEquals(InitOutcome.CONFIGURED, outcome);
        assertTrue(output().contains("replacing the notifications of bucket lake: queue arn:minio:sqs::OLD:webhook"
                + " on s3:ObjectCreated:Put (whole bucket)"), output());
        assertEquals("arn:minio:sqs::PRIMARY:kafka", bucket.stored.queueConfigurationList().get(0).queue());
    }

    @Test
    void aReadBackThatDiffersIsAFailure() {
        bucket.serverKeeps = sent -> queueTo("arn:minio:sqs::PRIMARY:kafka", EventType.OBJECT_CREATED_PUT);

        InitOutcome outcome = initializer.initialize(LakeNotificationConfig.defaults());

        assertEquals(InitOutcome.FAILED, outcome);
        assertEquals(1, outcome.exitCode());
        assertTrue(output().contains("differ from those just set"), output());
        assertTrue(output().contains("server has: queue arn:minio:sqs::PRIMARY:kafka on s3:ObjectCreated:Put (whole bucket)"),
                output());
    }

    @Test
    void aServerWithoutBucketNotificationsGetsItsOwnExitCodeAndAPlainExplanation() {
        bucket.notificationsImplemented = false;

        InitOutcome outcome = initializer.initialize(LakeNotificationConfig.defaults());

        assertEquals(InitOutcome.NOTIFICATIONS_UNSUPPORTED, outcome);
        assertEquals(3, outcome.exitCode());
        assertTrue(bucket.exists, "the bucket is still created");
        assertEquals(0, bucket.writes);
        assertTrue(output().contains("This S3 server does not support bucket notifications"
                + " (GET /lake?notification answered 501 NotImplemented)"), output());
        assertTrue(output().contains("the lake itself publishes every object event to lake.object-events"), output());
    }

    @Test
    void aRejectedTargetFailsWithTheHintToConfigureIt() {
        bucket.writeFailure = new LakeException("set notifications of bucket lake failed: InvalidArgument A specified"
                + " destination ARN does not exist or is not well-formed.", null, false);

        InitOutcome outcome = initializer.initialize(new LakeNotificationConfig("arn:minio:sqs::LAKE:kafka"));

        assertEquals(InitOutcome.FAILED, outcome);
        assertTrue(output().contains("lake init failed: set notifications of bucket lake failed: InvalidArgument"), output());
        assertTrue(output().contains("no notification target arn:minio:sqs::LAKE:kafka"), output());
        assertTrue(output().contains("MINIO_NOTIFY_KAFKA_ENABLE_<ID>=on"), output());
        assertTrue(output().contains("LOCNESS_S3_NOTIFY_ARN"), output());
    }

    @Test
    void anUnreachableServerFailsWithoutAConfigurationHint() {
        bucket.createFailure = new LakeException("check bucket lake failed after 5 attempts: ConnectException: refused",
                null, true);

        InitOutcome outcome = initializer.initialize(LakeNotificationConfig.defaults());

        assertEquals(InitOutcome.FAILED, outcome);
        assertTrue(output().contains("lake init failed: check bucket lake failed after 5 attempts"), output());
        assertFalse(output().contains("MINIO_NOTIFY_KAFKA"), output());
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static NotificationConfiguration queueTo(String arn, EventType... events) {
        QueueConfiguration queue = new QueueConfiguration();
        queue.setQueue(arn);
        queue.setEvents(List.of(events));
        NotificationConfiguration configuration = new NotificationConfiguration();
        configuration.setQueueConfigurationList(List.of(queue));
        return configuration;
    }

    /** An S3 bucket in memory that behaves like MinIO, or like s3proxy when told. */
    private static final class FakeBucket implements BucketNotifications {
        boolean exists;
        boolean notificationsImplemented = true;
        NotificationConfiguration stored = new NotificationConfiguration();
        UnaryOperator<NotificationConfiguration> serverKeeps = sent -> sent;
        LakeException createFailure;
        LakeException writeFailure;
        int writes;

        @Override
        public String bucket() {
            return "lake";
        }

        @Override
        public boolean createBucketIfMissing() {
            if (createFailure != null) {
                throw createFailure;
            }
            boolean created = !exists;
            exists = true;
            return created;
        }

        @Override
        public NotificationConfiguration read() {
            if (!notificationsImplemented) {
                throw new NotificationsUnsupportedException("GET /lake?notification answered 501 NotImplemented");
            }
            return stored;
        }

        @Override
        public void write(NotificationConfiguration configuration) {
            if (writeFailure != null) {
                throw writeFailure;
            }
            writes++;
            stored = serverKeeps.apply(configuration);
        }
    }
}
