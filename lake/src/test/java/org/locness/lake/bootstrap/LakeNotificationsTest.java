package org.locness.lake.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.Xml;
import io.minio.messages.EventType;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LakeNotificationsTest {
    private final NotificationConfiguration built = LakeNotifications.build(LakeNotificationConfig.defaults());

    @Test
    void oneQueueRuleForTheWholeBucketToTheKafkaTarget() {
        assertEquals(1, built.queueConfigurationList().size());
        assertTrue(built.topicConfigurationList().isEmpty());
        assertTrue(built.cloudFunctionConfigurationList().isEmpty());
        QueueConfiguration queue = built.queueConfigurationList().get(0);
        assertEquals("arn:minio:sqs::PRIMARY:kafka", queue.queue());
        assertEquals(LakeNotifications.RULE_ID, queue.id());
        assertTrue(queue.filterRuleList().isEmpty(), "every key of the bucket is announced");
    }

    @Test
    void announcesPutCopyCompletedMultipartAndDelete() {
        assertEquals(List.of("s3:ObjectCreated:Put", "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload",
                        "s3:ObjectRemoved:Delete"),
                built.queueConfigurationList().get(0).events().stream().map(EventType::toString).toList());
    }

    @Test
    void theConfiguredArnIsTheTarget() {
        NotificationConfiguration other = LakeNotifications.build(new LakeNotificationConfig("arn:minio:sqs::LAKE:kafka"));

        assertEquals("arn:minio:sqs::LAKE:kafka", other.queueConfigurationList().get(0).queue());
    }

    @Test
    void serializesToTheXmlThatSetBucketNotificationSends() throws Exception {
        String xml = Xml.marshal(built);

        assertTrue(xml.contains("<QueueConfiguration><Id>locness-lake-object-events</Id>"), xml);
        assertTrue(xml.contains("<Queue>arn:minio:sqs::PRIMARY:kafka</Queue>"), xml);
        for (String event : List.of("s3:ObjectCreated:Put", "s3:ObjectCreated:Copy",
                "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:Delete")) {
            assertTrue(xml.contains("<Event>" + event + "</Event>"), xml);
        }
    }

    @Test
    void whatTheServerWouldSendBackMeansTheSameRules() throws Exception {
        NotificationConfiguration parsed = Xml.unmarshal(NotificationConfiguration.class, Xml.marshal(built));

        assertEquals(NotificationRule.of(built), NotificationRule.of(parsed));
    }
}
