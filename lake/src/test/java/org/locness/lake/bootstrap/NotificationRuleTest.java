package org.locness.lake.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.minio.messages.EventType;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import io.minio.messages.TopicConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationRuleTest {
    @Test
    void idAndEventOrderDoNotMatter() {
        NotificationConfiguration a = queue("one", "arn:minio:sqs::PRIMARY:kafka",
                List.of(EventType.OBJECT_CREATED_PUT, EventType.OBJECT_REMOVED_DELETE));
        NotificationConfiguration b = queue(null, "arn:minio:sqs::PRIMARY:kafka",
                List.of(EventType.OBJECT_REMOVED_DELETE, EventType.OBJECT_CREATED_PUT));

        assertEquals(NotificationRule.of(a), NotificationRule.of(b));
    }

    @Test
    void targetEventsAndFiltersDo() {
        NotificationConfiguration base = queue("x", "arn:minio:sqs::PRIMARY:kafka", List.of(EventType.OBJECT_CREATED_PUT));
        NotificationConfiguration otherTarget = queue("x", "arn:minio:sqs::OTHER:kafka", List.of(EventType.OBJECT_CREATED_PUT));
        NotificationConfiguration moreEvents = queue("x", "arn:minio:sqs::PRIMARY:kafka",
                List.of(EventType.OBJECT_CREATED_PUT, EventType.OBJECT_CREATED_COPY));
        NotificationConfiguration filtered = queue("x", "arn:minio:sqs::PRIMARY:kafka", List.of(EventType.OBJECT_CREATED_PUT));
        filtered.queueConfigurationList().get(0).setPrefixRule("pre-swept/");

        assertNotEquals(NotificationRule.of(base), NotificationRule.of(otherTarget));
        assertNotEquals(NotificationRule.of(base), NotificationRule.of(moreEvents));
        assertNotEquals(NotificationRule.of(base), NotificationRule.of(filtered));
    }

    @Test
    void anExtraRuleOfAnotherKindMakesItDifferent() {
        NotificationConfiguration base = queue("x", "arn:minio:sqs::PRIMARY:kafka", List.of(EventType.OBJECT_CREATED_PUT));
        NotificationConfiguration withTopic = queue("x", "arn:minio:sqs::PRIMARY:kafka", List.of(EventType.OBJECT_CREATED_PUT));
        TopicConfiguration topic = new TopicConfiguration();
        topic.setTopic("arn:aws:sns:us-east-1:1:t");
        topic.setEvents(List.of(EventType.OBJECT_REMOVED_DELETE));
        withTopic.setTopicConfigurationList(List.of(topic));

        assertNotEquals(NotificationRule.of(base), NotificationRule.of(withTopic));
        assertEquals(2, NotificationRule.of(withTopic).size());
    }

    @Test
    void describesRulesForPeople() {
        NotificationConfiguration filtered = queue("x", "arn:minio:sqs::PRIMARY:kafka",
                List.of(EventType.OBJECT_REMOVED_DELETE, EventType.OBJECT_CREATED_PUT));
        filtered.queueConfigurationList().get(0).setSuffixRule(".parquet");

        assertEquals("none", NotificationRule.describe(NotificationRule.of(new NotificationConfiguration())));
        assertEquals("queue arn:minio:sqs::PRIMARY:kafka on s3:ObjectCreated:Put, s3:ObjectRemoved:Delete"
                        + " (objects with suffix=.parquet)",
                NotificationRule.describe(NotificationRule.of(filtered)));
    }

    private static NotificationConfiguration queue(String id, String arn, List<EventType> events) {
        QueueConfiguration queue = new QueueConfiguration();
        queue.setId(id);
        queue.setQueue(arn);
        queue.setEvents(events);
        NotificationConfiguration configuration = new NotificationConfiguration();
        configuration.setQueueConfigurationList(List.of(queue));
        return configuration;
    }
}
