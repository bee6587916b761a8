package org.locness.events;

import org.locness.events.topic.Topic;

/** A value on one of the registry's topics. */
public interface Event {
    /** The record key the contract gives this topic (symbol, jobId or date). */
    String recordKey();

    Topic topic();

    /** CloudEvents {@code type}, e.g. {@code org.locness.jobs.requested}. */
    default String ceType() {
        return "org.locness." + topic().topicName();
    }
}
