package org.locness.lake.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.EmbeddedStackTest;

/** {@code lake init} against the embedded lake: s3proxy answers 501 to bucket notifications. */
@EmbeddedStackTest
class LakeInitializerIT {
    private final EmbeddedStack stack;

    LakeInitializerIT(EmbeddedStack stack) {
        this.stack = stack;
    }

    @Test
    void createsTheBucketThenExplainsThatThisServerHasNoBucketNotifications() throws Exception {
        Lake lake = lake("init-it");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = LakeInitializer.run(lake, LakeNotificationConfig.defaults(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(InitOutcome.NOTIFICATIONS_UNSUPPORTED.exitCode(), exit, output);
        assertTrue(lake.client().bucketExists(BucketExistsArgs.builder().bucket("init-it").build()));
        assertTrue(output.contains("bucket init-it: created"), output);
        assertTrue(output.contains("This S3 server does not support bucket notifications"
                + " (GET /init-it?notification answered 501 NotImplemented)"), output);
        assertTrue(output.contains("publishes every object event to lake.object-events"), output);
    }

    @Test
    void runsAgainOnTheStacksOwnBucketWithTheSameAnswer() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        InitOutcome first = LakeInitializer.initialize(lake("lake"), LakeNotificationConfig.defaults(), out);
        InitOutcome second = LakeInitializer.initialize(lake("lake"), LakeNotificationConfig.defaults(), out);

        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(InitOutcome.NOTIFICATIONS_UNSUPPORTED, first, output);
        assertEquals(InitOutcome.NOTIFICATIONS_UNSUPPORTED, second, output);
        assertEquals(2, output.split("bucket lake: already there", -1).length - 1, output);
    }

    private Lake lake(String bucket) {
        return Lake.connect(new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), bucket));
    }
}
