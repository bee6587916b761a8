package org.locness.lake.seed;

import java.time.Duration;
import java.util.List;
import org.locness.events.id.ObjectKey;

/**
 * What a seed run did. {@code objectsUnchanged} counts objects that were already in the lake with
 * the same content and were left alone (no new object event), so re-seeding a plan is cheap and quiet.
 */
public record SeedReport(SeedPlan plan, long bars, int objectsWritten, int objectsUnchanged, long bytes,
        int openingGaps, int volumeSpikes, List<ObjectKey> preSweptKeys, Duration elapsed) {
    public SeedReport {
        preSweptKeys = List.copyOf(preSweptKeys);
    }

    public double barsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? bars : bars / seconds;
    }
}
