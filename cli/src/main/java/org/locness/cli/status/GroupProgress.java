package org.locness.cli.status;

import java.util.OptionalLong;

/** What the broker knows of a consumer group: its state, live members, and committed offset on one partition. */
public record GroupProgress(String group, String state, int members, OptionalLong committed) {
}
