package org.locness.lake.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {
    @TempDir
    Path work;

    @Test
    void eachScratchIsANewFolderThatGoesWithAllItHolds() throws Exception {
        Path kept;
        try (ScratchDirectory scratch = ScratchDirectory.create(work.resolve("not/yet"), "merge-");
                ScratchDirectory other = ScratchDirectory.create(work.resolve("not/yet"), "merge-")) {
            kept = scratch.path();
            assertNotEquals(kept, other.path());
            assertTrue(kept.getFileName().toString().startsWith("merge-"));
            Files.writeString(Files.createDirectories(scratch.resolve("a/b")).resolve("c.parquet"), "x");
            Files.writeString(scratch.resolve("d.parquet"), "y");
        }
        assertFalse(Files.exists(kept));
        try (Stream<Path> left = Files.list(work.resolve("not/yet"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aScratchInTheTemporaryDirectoryOrAnAdoptedFolderGoesToo() throws Exception {
        Path temporary;
        try (ScratchDirectory scratch = ScratchDirectory.create("locness-scratch-test-")) {
            temporary = scratch.path();
            assertTrue(temporary.startsWith(Path.of(System.getProperty("java.io.tmpdir"))));
            Files.writeString(scratch.resolve("a.txt"), "x");
        }
        Path adopted = Files.createDirectories(work.resolve("old/data"));
        Files.writeString(adopted.resolve("b.txt"), "y");
        ScratchDirectory.adopt(adopted).close();

        assertFalse(Files.exists(temporary));
        assertFalse(Files.exists(adopted));
    }

    @Test
    void aFolderAlreadyGoneIsNoError() throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create(work, "gone-");
        Files.delete(scratch.path());
        scratch.close();
        assertFalse(Files.exists(scratch.path()));
    }
}
