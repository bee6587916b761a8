package org.locness.inference.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.id.TradingDate;
import org.locness.lake.staging.StagingDirectory;
import org.locness.lake.staging.StagingDirectory.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable versions of the node's daily cache files. A cached day's file ({@code patterns_<d>.parquet})
 * is stored as {@code patterns_<d>.<n>-<writer>.parquet}, a name never reused for other bytes: DuckDB
 * opens a file by name more than once per query and caches its footer by name, so replacing a file in
 * place, even by an atomic rename, lets a reader mix the footer of one version with the data of the next.
 *
 * <p>The newest complete version on disk is the current one, for every process of the node sharing the
 * directory and after a restart: a version is written under a temporary name, synced, then renamed into
 * place. A superseded version is deleted once no reader of this process holds it and its successor has
 * been in place for {@code grace}, time enough for a reader of another process that picked it just
 * before to finish.
 */
final class CacheVersions {
    private static final Logger LOG = LoggerFactory.getLogger(CacheVersions.class);
    private static final String PARQUET = ".parquet";
    private static final Pattern VERSION = Pattern.compile(
            "^((?:daily_context|patterns)_(\\d{4}-\\d{2}-\\d{2}))\\.(\\d{1,18})-([0-9a-f]{8})\\.parquet$");
    private static final Pattern PARTIAL = Pattern.compile("^\\.(.+)\\.tmp$");

    private final StagingDirectory staging;
    private final Duration grace;
    private final Clock clock;
    /** Readers of this process per version file; guarded by {@code this}. */
    private final Map<Path, Integer> holders = new HashMap<>();

    CacheVersions(StagingDirectory staging, Duration grace, Clock clock) {
        this.staging = staging;
        this.grace = grace;
        this.clock = clock;
    }

    /** One version of a cache file, ordered by number, ties (two processes at once) by writer. */
    record Version(Path path, String stem, String day, long number, String writer) {
        static final Comparator<Version> ORDER = Comparator.comparingLong(Version::number)
                .thenComparing(Version::writer);
    }

    /** A version a reader holds; it is not deleted before every holder has closed. */
    final class Held implements AutoCloseable {
        private final Version version;
        private boolean closed;

        private Held(Version version) {
            this.version = version;
        }

        Path path() {
            return version.path();
        }

        @Override
        public void close() {
            synchronized (CacheVersions.this) {
                if (closed) {
                    return;
                }
                closed = true;
                holders.computeIfPresent(version.path(), (path, count) -> count == 1 ? null : count - 1);
                try {
                    prune(version.stem());
                } catch (IOException e) {
                    LOG.warn("superseded versions of {} not removed yet: {}", version.stem(), e.getMessage());
                }
            }
        }
    }

    /** The newest complete version of {@code fileName} (a {@code StagingFiles} daily name), held; empty if none. */
    synchronized Optional<Held> holdNewest(String fileName) throws IOException {
        Optional<Version> newest = newest(versions(fileName));
        newest.ifPresent(v -> holders.merge(v.path(), 1, Integer::sum));
        return newest.map(Held::new);
    }

    /**
     * Writes a new version of {@code fileName}, numbered after the newest on disk, makes it the current
     * one and deletes the versions it lets go.
     */
    Path publish(String fileName, Writer writer) throws IOException {
        String stem = stemOf(fileName);
        long number = newest(versionsOf(stem)).map(v -> v.number() + 1).orElse(1L);
        String name = stem + "." + number + "-" + UUID.randomUUID().toString().substring(0, 8) + PARQUET;
        Path target = staging.resolve(name);
        Path partial = target.resolveSibling("." + name + ".tmp");
        try {
            writer.write(partial);
            if (!Files.isRegularFile(partial)) {
                throw new IOException("writer produced no file for " + name);
            }
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("writing " + name + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
        synchronized (this) {
            prune(stem);
        }
        return target;
    }

    /**
     * Deletes every version (and leftover partial write) of days before {@code keepFrom} that no reader
     * of this process holds, and the superseded versions of the days kept that may go.
     */
    synchronized List<Path> removeDaysBefore(TradingDate keepFrom) throws IOException {
        List<Path> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Path file : list()) {
            String name = file.getFileName().toString();
            Matcher partial = PARTIAL.matcher(name);
            Optional<Version> version = parse(file.resolveSibling(partial.matches() ? partial.group(1) : name));
            if (version.isEmpty()) {
                continue;
            }
            String stem = version.get().stem();
            if (version.get().day().compareTo(keepFrom.value()) < 0) {
                if (!holders.containsKey(file) && Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            } else if (!partial.matches() && !kept.contains(stem)) {
                kept.add(stem);
            }
        }
        for (String stem : kept) {
            removed.addAll(prune(stem));
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} cached daily file version(s) of days before {} or superseded", removed.size(), keepFrom);
        }
        return removed;
    }

    /** The complete versions of {@code fileName} on disk, oldest first. */
    List<Version> versions(String fileName) throws IOException {
        return versionsOf(stemOf(fileName));
    }

    private List<Version> versionsOf(String stem) throws IOException {
        List<Version> versions = new ArrayList<>();
        for (Path file : list()) {
            parse(file).filter(v -> v.stem().equals(stem)).ifPresent(versions::add);
        }
        versions.sort(Version.ORDER);
        return versions;
    }

    /** Deletes the superseded versions of {@code stem} that no reader here holds, once past the grace. */
    private List<Path> prune(String stem) throws IOException {
        List<Version> versions = versionsOf(stem);
        Instant now = clock.instant();
        List<Path> removed = new ArrayList<>();
        for (int i = 0; i < versions.size() - 1; i++) {
            Version old = versions.get(i);
            if (holders.containsKey(old.path())) {
                continue;
            }
            try {
                Instant superseded = Files.getLastModifiedTime(versions.get(i + 1).path()).toInstant();
                if (!superseded.plus(grace).isAfter(now) && Files.deleteIfExists(old.path())) {
                    removed.add(old.path());
                }
            } catch (NoSuchFileException gone) {
                // Its successor was removed meanwhile by another process; the next prune decides.
            }
        }
        return removed;
    }

    private static Optional<Version> newest(List<Version> versions) {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    private List<Path> list() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(staging.root())) {
            all.forEach(files::add);
        }
        return files;
    }

    static Optional<Version> parse(Path file) {
        Matcher m = VERSION.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(file, m.group(1), m.group(2), Long.parseLong(m.group(3)), m.group(4)));
    }

    private static String stemOf(String fileName) {
        if (!fileName.endsWith(PARQUET) || fileName.indexOf('.') != fileName.length() - PARQUET.length()) {
            throw new IllegalArgumentException(fileName + " is not a daily cache file name");
        }
        return fileName.substring(0, fileName.length() - PARQUET.length());
    }

    /** Makes the rename durable too, so a restart never finds the name without the synced bytes. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(staging.root(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // Some file systems refuse to sync a directory; the file itself is synced already.
        }
    }
}
