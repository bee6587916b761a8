package org.locness.lake.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.InvalidEventException;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.StagingFiles;

class StagingDirectoryTest {
    @TempDir
    Path root;

    @Test
    void atomicWriteLeavesOnlyTheFinalName() throws IOException {
        StagingDirectory staging = new StagingDirectory(root);

        Path written = staging.writeAtomically("output_m_J1.parquet", tmp -> Files.writeString(tmp, "data"));

        assertEquals("data", Files.readString(written));
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(List.of("output_m_J1.parquet"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void failedWriterLeavesNothingBehind() {
        StagingDirectory staging = new StagingDirectory(root);

        assertThrows(IOException.class, () -> staging.writeAtomically("output_m_J1.parquet", tmp -> {
            Files.writeString(tmp, "half");
            throw new IllegalStateException("disk full");
        }));

        assertFalse(Files.exists(root.resolve("output_m_J1.parquet")));
        assertEquals(0, root.toFile().list().length);
    }

    @Test
    void namesThatLeaveTheDirectoryAreRejected() {
        StagingDirectory staging = new StagingDirectory(root);

        assertThrows(InvalidEventException.class, () -> staging.resolve("../etc/passwd"));
        assertThrows(InvalidEventException.class, () -> staging.resolve("sub/file"));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> staging.requireInside("outputPath", "/etc/passwd"));
        assertEquals("outputPath", e.field());
        assertThrows(InvalidEventException.class,
                () -> staging.requireInside("outputPath", root.resolve("../x.parquet").toString()));
        assertEquals(root.resolve("a.parquet"), staging.requireInside("outputPath", root.resolve("a.parquet").toString()));
    }

    @Test
    void dailyCacheFetchesOnceThenHits() throws IOException {
        StagingDirectory staging = new StagingDirectory(root);
        AtomicInteger fetches = new AtomicInteger();
        String name = StagingFiles.dailyContext(TradingDate.of("2026-11-27"));

        assertFalse(staging.cached(name, tmp -> Files.writeString(tmp, "ctx" + fetches.incrementAndGet())).hit());
        StagingDirectory.CacheResult second = staging.cached(name, tmp -> Files.writeString(tmp, "ctx" + fetches.incrementAndGet()));

        assertTrue(second.hit());
        assertEquals(1, fetches.get());
        assertEquals("ctx1", Files.readString(second.path()));
    }

    @Test
    void aRacingFetchNeverReplacesTheFileAnotherProcessPublished() throws IOException {
        // given: another process publishes the input while this one is still fetching it
        String name = "input_BTC-2026-11-27-001_BTC.parquet";
        Path published = root.resolve(name);
        StagingDirectory staging = new StagingDirectory(root);
        AtomicReference<Object> theirs = new AtomicReference<>();

        // when: this fetch finishes after it
        StagingDirectory.CacheResult result = staging.cached(name, tmp -> {
            Files.writeString(published, "theirs");
            theirs.set(Files.readAttributes(published, BasicFileAttributes.class).fileKey());
            Files.writeString(tmp, "ours");
        });

        // then: the first copy stands, untouched (same file, same bytes), and counts as a hit; no temporary is left
        assertTrue(result.hit());
        assertEquals(published, result.path());
        assertEquals("theirs", Files.readString(published));
        assertEquals(theirs.get(), Files.readAttributes(result.path(), BasicFileAttributes.class).fileKey());
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(List.of(published), files.toList());
        }
    }

    @Test
    void cleanupRemovesOnlyOlderDailyCaches() throws IOException {
        StagingDirectory staging = new StagingDirectory(root);
        for (String name : List.of("daily_context_2026-11-25.parquet", "patterns_2026-11-25.parquet",
                "daily_context_2026-11-27.parquet", "patterns_new_m_J1.parquet", "notes.txt",
                "output_m_J1.parquet")) {
            Files.writeString(root.resolve(name), "x");
        }

        List<Path> removed = staging.cleanDailyCaches(TradingDate.of("2026-11-27"));

        assertEquals(2, removed.size());
        assertTrue(Files.exists(root.resolve("daily_context_2026-11-27.parquet")));
        assertTrue(Files.exists(root.resolve("patterns_new_m_J1.parquet")));
        assertTrue(Files.exists(root.resolve("notes.txt")));
        assertEquals(4, root.toFile().list().length);
        assertEquals(4, staging.diskUsage());
    }
}
