package org.locness.inference.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.TradingDate;
import org.locness.lake.staging.StagingDirectory;

/** Versions are found again after a restart, and go only when nobody can still be reading them. */
class CacheVersionsTest {
    private static final String PATTERNS = "patterns_2026-11-27.parquet";
    private static final Duration GRACE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aRestartFindsTheNewestCompleteVersionAndNeverAPartialOne() throws Exception {
        StagingDirectory staging = new StagingDirectory(dir);
        CacheVersions before = versions(staging, Instant.now());
        before.publish(PATTERNS, temp -> Files.writeString(temp, "v1"));
        Path v2 = before.publish(PATTERNS, temp -> Files.writeString(temp, "v2"));
        Files.writeString(dir.resolve(".patterns_2026-11-27.3-0a1b2c3d.parquet.tmp"), "half");

        CacheVersions restarted = versions(staging, Instant.now());
        try (CacheVersions.Held newest = restarted.holdNewest(PATTERNS).orElseThrow()) {
            assertEquals(v2, newest.path());
            assertEquals("v2", Files.readString(newest.path()));
        }
        Path v3 = restarted.publish(PATTERNS, temp -> Files.writeString(temp, "v3"));
        assertTrue(v3.getFileName().toString().startsWith("patterns_2026-11-27.3-"), v3.toString());
    }

    @Test
    void aSupersededVersionGoesOnlyOnceNoReaderHoldsItAndTheGraceHasPassed() throws Exception {
        StagingDirectory staging = new StagingDirectory(dir);
        CacheVersions now = versions(staging, Instant.now());
        Path v1 = now.publish(PATTERNS, temp -> Files.writeString(temp, "v1"));
        CacheVersions.Held reading = now.holdNewest(PATTERNS).orElseThrow();
        Path v2 = now.publish(PATTERNS, temp -> Files.writeString(temp, "v2"));
        assertTrue(Files.exists(v1), "a version a reader holds stays");

        reading.close();
        assertTrue(Files.exists(v1), "another process may have picked it just before v2: it stays for the grace");

        CacheVersions later = versions(staging, Instant.now().plus(GRACE).plusSeconds(1));
        later.removeDaysBefore(TradingDate.of("2026-11-20"));
        assertEquals(List.of(v2), later.versions(PATTERNS).stream().map(CacheVersions.Version::path).toList());
    }

    @Test
    void oldDaysGoWithTheirPartialWritesAndNothingElseIsTouched() throws Exception {
        StagingDirectory staging = new StagingDirectory(dir);
        CacheVersions cache = versions(staging, Instant.now());
        Path old = cache.publish("daily_context_2026-11-19.parquet", temp -> Files.writeString(temp, "old"));
        Path partial = Files.writeString(dir.resolve(".patterns_2026-11-19.4-0a1b2c3d.parquet.tmp"), "half");
        Path kept = cache.publish(PATTERNS, temp -> Files.writeString(temp, "kept"));
        Path unrelated = Files.writeString(dir.resolve("patterns_new_gemma-7b_J1.parquet"), "output");

        List<Path> removed = cache.removeDaysBefore(TradingDate.of("2026-11-20"));

        assertEquals(List.of(old, partial).stream().sorted().toList(), removed.stream().sorted().toList());
        assertTrue(Files.exists(kept));
        assertTrue(Files.exists(unrelated));
    }

    private static CacheVersions versions(StagingDirectory staging, Instant now) {
        return new CacheVersions(staging, GRACE, Clock.fixed(now, ZoneOffset.UTC));
    }
}
