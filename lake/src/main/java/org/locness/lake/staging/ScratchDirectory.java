package org.locness.lake.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder of its own for one piece of work (downloads, a merge, a seed), deleted with all it holds on
 * {@link #close}: {@code try (ScratchDirectory scratch = ScratchDirectory.create(work, "merge-")) {…}}.
 */
public final class ScratchDirectory implements AutoCloseable {
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** A new, empty folder under {@code workDir} (created if missing) whose name starts with {@code prefix}. */
    public static ScratchDirectory create(Path workDir, String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(Files.createDirectories(workDir), prefix));
    }

    /** A new, empty folder in the system's temporary directory whose name starts with {@code prefix}. */
    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** Takes charge of an existing folder: closing deletes it. */
    public static ScratchDirectory adopt(Path path) {
        return new ScratchDirectory(path);
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
