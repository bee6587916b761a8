package org.locness.sweeper.orphan;

import java.time.Instant;

/** A regular file in the staging directory, as the orphan sweep saw it when it listed the directory. */
public record StagingEntry(String fileName, Instant lastModified) {
}
