package org.locness.lake.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LakeNotificationConfigTest {
    @Test
    void defaultsToMinioPrimaryKafkaTarget() {
        assertEquals("arn:minio:sqs::PRIMARY:kafka", LakeNotificationConfig.fromEnvironment(Map.of()).targetArn());
        assertEquals("arn:minio:sqs::PRIMARY:kafka",
                LakeNotificationConfig.fromEnvironment(Map.of("LOCNESS_S3_NOTIFY_ARN", "  ")).targetArn());
    }

    @Test
    void takesTheArnFromTheEnvironment() {
        assertEquals("arn:minio:sqs:us-east-1:LAKE:kafka",
                LakeNotificationConfig.fromEnvironment(Map.of("LOCNESS_S3_NOTIFY_ARN", "arn:minio:sqs:us-east-1:LAKE:kafka"))
                        .targetArn());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka", "arn:minio:sns::PRIMARY:kafka", "arn:minio:sqs::PRIMARY", "arn:minio:sqs:::kafka",
            "arn:minio:sqs::PRI MARY:kafka"})
    void rejectsWhatIsNotAQueueArnNamingTheVariable(String arn) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LakeNotificationConfig.fromEnvironment(Map.of("LOCNESS_S3_NOTIFY_ARN", arn)));

        assertTrue(e.getMessage().startsWith("LOCNESS_S3_NOTIFY_ARN must be a queue ARN"), e.getMessage());
        assertTrue(e.getMessage().contains(arn), e.getMessage());
    }
}
