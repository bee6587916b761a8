package org.locness.events.json;

import org.locness.events.topic.Topic;

/**
 * Where each topic's JSON Schema (draft 2020-12) ships in this jar, for consumers and producers in
 * other languages: {@code schemas/<topic-name>.schema.json}.
 */
public final class EventSchemas {
    private EventSchemas() {
    }

    /** The classpath resource, e.g. {@code /schemas/jobs.requested.schema.json}. */
    public static String schemaFor(Topic topic) {
        return "/schemas/" + topic.topicName() + ".schema.json";
    }
}
