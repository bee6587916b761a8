package org.locness.inference.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.locness.events.id.ModelName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local folder of models, each fetched once from a {@link ModelSource} and then reused:
 * {@code <root>/<model>/} holds the model's files ({@link ModelDirectory}).
 *
 * <p>A model folder only ever appears by an atomic rename of a fully fetched and checked
 * temporary folder ({@code <root>/.<model>.fetch-*}), so its presence means it is complete.
 * Callers of one cache asking for the same model wait for one fetch. Other caches on the same
 * root (another process, e.g. a second pod of the node on one host path) may fetch it at the
 * same time; the first rename wins and the others discard their copy and use the winner's. A
 * crash mid-fetch leaves only a hidden temporary folder, safe to delete while no fetch runs.
 */
public final class ModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

    private final Path root;
    private final ModelSource source;
    private final ConcurrentMap<ModelName, Object> fetchLocks = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ModelCache(Path root, ModelSource source) {
        this.root = root;
        this.source = source;
    }

    /**
     * The local folder of {@code model}, fetched first if this cache does not hold it yet.
     *
     * @throws IOException if the fetch fails (nothing is cached then)
     * @throws ModelLoadException if the fetched files are incomplete, or a cached folder was
     *     tampered with
     */
    public ModelDirectory resolve(ModelName model) throws IOException {
        ModelDirectory cached = new ModelDirectory(root.resolve(model.value()));
        if (Files.isDirectory(cached.path())) {
            return hit(cached);
        }
        synchronized (fetchLocks.computeIfAbsent(model, m -> new Object())) {
            if (Files.isDirectory(cached.path())) {
                return hit(cached);
            }
            misses.incrementAndGet();
            fetch(model, cached.path());
            return cached;
        }
    }

    /** How many {@link #resolve} calls found their model already cached. */
    public long hits() {
        return hits.get();
    }

    /** How many {@link #resolve} calls had to fetch. */
    public long misses() {
        return misses.get();
    }

    private ModelDirectory hit(ModelDirectory cached) {
        // Only complete folders are ever renamed into place; a gap means someone edited the cache.
        if (!cached.missingFiles().isEmpty()) {
            throw new ModelLoadException("cached model " + cached.path().toAbsolutePath() + " lacks "
                    + String.join(", ", cached.missingFiles()) + "; delete that folder to fetch the model again");
        }
        hits.incrementAndGet();
        return cached;
    }

    private void fetch(ModelName model, Path target) throws IOException {
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "." + model.value() + ".fetch-");
        long start = System.nanoTime();
        try {
            source.fetch(model, staging);
            new ModelDirectory(staging).requireComplete();
            publish(staging, target);
        } finally {
            deleteRecursively(staging);
        }
        LOG.info("model {} fetched into {} in {} ms", model, target.toAbsolutePath(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void publish(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            // rename(2) refuses to replace a non-empty folder: another process published first,
            // and its copy is as complete as ours.
            if (!Files.isDirectory(target)) {
                throw e;
            }
            LOG.info("model folder {} was published by another process meanwhile; using it", target.toAbsolutePath());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
