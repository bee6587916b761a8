package org.locness.lake.staging;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.locness.events.InvalidEventException;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.StagingFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's local staging directory ({@code /data/local}). Writers write to a unique temporary name
 * and rename atomically into place, so readers never see half a file and never need a lock.
 */
public final class StagingDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(StagingDirectory.class);
    public static final String ENV = "LOCNESS_STAGING_DIR";

    private final Path root;

    public StagingDirectory(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("staging directory " + root + " cannot be created: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** The path of a file name built by {@link StagingFiles}; refuses anything that would leave the root. */
    public Path resolve(String fileName) {
        Path path = root.resolve(fileName).normalize();
        if (!path.getParent().equals(root) || fileName.contains("/") || fileName.startsWith(".")) {
            throw new InvalidEventException("fileName", "'" + fileName + "' is not a plain file name in " + root);
        }
        return path;
    }

    /**
     * Checks that a path named in an event is a file directly inside this staging directory; the
     * sweeper uses it before it reads or deletes anything an event names.
     */
    public Path requireInside(String field, String path) {
        if (path == null || path.isBlank()) {
            throw new InvalidEventException(field, "is required");
        }
        Path p = Path.of(path).toAbsolutePath().normalize();
        if (!root.equals(p.getParent())) {
            throw new InvalidEventException(field, "'" + path + "' is outside the staging directory " + root);
        }
        return p;
    }

    @FunctionalInterface
    public interface Writer {
        void write(Path temporary) throws Exception;
    }

    /** Runs {@code writer} against a fresh temporary file, then renames it to {@code fileName}. */
    public Path writeAtomically(String fileName, Writer writer) throws IOException {
        Path target = resolve(fileName);
        Path temp = root.resolve(StagingFiles.temporary(fileName, UUID.randomUUID().toString().substring(0, 8)));
        try {
            writer.write(temp);
            if (!Files.exists(temp)) {
                throw new IOException("writer produced no file for " + fileName);
            }
            moveAtomically(temp, target);
            return target;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("writing " + fileName + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The day's cached copy of a lake object: fetched once, then served locally. Two processes that
     * race each fetch to their own temporary file; the first to publish wins and the other's copy is
     * dropped. Publishing is a hard link that fails when the name exists, never a rename over it:
     * a reader (DuckDB opens a file by name more than once per query) must never see the file
     * replaced. Returns whether it was a hit.
     *
     * <p>The copy is not synced to disk: it can be fetched again from the lake, so a copy that a crash
     * left truncated costs a download, not data. Its reader must therefore check what it reads and,
     * when a copy it did not fetch itself cannot be read, delete it and fetch again.
     */
    public CacheResult cached(String fileName, Writer fetch) throws IOException {
        Path target = resolve(fileName);
        if (Files.isRegularFile(target)) {
            return new CacheResult(target, true);
        }
        Path temp = root.resolve(StagingFiles.temporary(fileName, UUID.randomUUID().toString().substring(0, 8)));
        try {
            fetch.write(temp);
            if (!Files.exists(temp)) {
                throw new IOException("writer produced no file for " + fileName);
            }
            Files.createLink(target, temp);
            return new CacheResult(target, false);
        } catch (FileAlreadyExistsException raced) {
            return new CacheResult(target, true);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("fetching " + fileName + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public record CacheResult(Path path, boolean hit) {
    }

    /**
     * Deletes the per-day caches ({@code daily_context_*}, {@code patterns_<date>.parquet}) of days
     * before {@code keepFrom}; never today's, never anything else.
     */
    public List<Path> cleanDailyCaches(TradingDate keepFrom) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path file : files) {
                Optional<TradingDate> day = cacheDay(file.getFileName().toString());
                if (day.isPresent() && day.get().compareTo(keepFrom) < 0 && Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} daily cache file(s) older than {}", removed.size(), keepFrom);
        }
        return removed;
    }

    static Optional<TradingDate> cacheDay(String name) {
        String date;
        if (name.startsWith("daily_context_") && name.endsWith(".parquet")) {
            date = name.substring("daily_context_".length(), name.length() - ".parquet".length());
        } else if (name.startsWith("patterns_") && !name.startsWith("patterns_new_") && name.endsWith(".parquet")) {
            date = name.substring("patterns_".length(), name.length() - ".parquet".length());
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(TradingDate.of(date));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    /** Bytes used by regular files in the root (a metric for the operator). */
    public long diskUsage() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
        }
        return total;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the staging file system cannot rename atomically: " + e.getMessage(), e);
        }
    }
}
