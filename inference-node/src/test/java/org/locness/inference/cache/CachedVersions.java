package org.locness.inference.cache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.locness.lake.staging.StagingDirectory;

/** What the daily cache holds on disk, for tests outside its package. */
public final class CachedVersions {
    private CachedVersions() {
    }

    /** The complete versions of a daily cache file in a node's staging directory, oldest first. */
    public static List<Path> of(Path staging, String fileName) throws Exception {
        return new CacheVersions(new StagingDirectory(staging), Duration.ZERO, Clock.systemUTC()).versions(fileName)
                .stream().map(CacheVersions.Version::path).toList();
    }
}
