package org.locness.cli.dlq;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.topic.Topic;

/**
 * A registry topic's dead-letter queue, named as the operator likes: {@code jobs.requested} or
 * {@code jobs.requested.dlq}. Checked against the registry before any client is made, so a typo is
 * an error rather than an empty listing of a topic that does not exist.
 */
public record DeadLetterTopic(Topic source) {
    public static DeadLetterTopic parse(String name) {
        String base = name.endsWith(DeadLetterRouter.SUFFIX)
                ? name.substring(0, name.length() - DeadLetterRouter.SUFFIX.length()) : name;
        return Topic.byName(base).map(DeadLetterTopic::new).orElseThrow(() -> new IllegalArgumentException(
                "'" + name + "' is not a Locness topic or its DLQ; one of: " + Arrays.stream(Topic.values())
                        .map(Topic::topicName).collect(Collectors.joining(", "))));
    }

    public String name() {
        return source.dlqName();
    }

    @Override
    public String toString() {
        return name();
    }
}
