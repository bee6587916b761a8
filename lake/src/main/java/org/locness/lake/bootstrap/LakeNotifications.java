package org.locness.lake.bootstrap;

import io.minio.messages.EventType;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import java.util.List;

/**
 * The bucket notification configuration the lake needs: every object that appears (put, server-side
 * copy, completed multipart upload) or disappears (delete) is announced to the Kafka target, for the
 * whole bucket. Ingest reads those announcements from {@code lake.object-events}.
 */
public final class LakeNotifications {
    /** The events ingest acts on, in the order they are written to the server. */
    public static final List<EventType> EVENTS = List.of(
            EventType.OBJECT_CREATED_PUT,
            EventType.OBJECT_CREATED_COPY,
            EventType.OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD,
            EventType.OBJECT_REMOVED_DELETE);

    /** Names the rule so an operator listing the bucket's notifications sees whose it is. */
    public static final String RULE_ID = "locness-lake-object-events";

    private LakeNotifications() {
    }

    public static NotificationConfiguration build(LakeNotificationConfig config) {
        QueueConfiguration queue = new QueueConfiguration();
        queue.setId(RULE_ID);
        queue.setQueue(config.targetArn());
        queue.setEvents(EVENTS);
        NotificationConfiguration notifications = new NotificationConfiguration();
        notifications.setQueueConfigurationList(List.of(queue));
        return notifications;
    }
}
