package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ModelName;
import org.locness.testing.Await;

class ModelCacheTest {

    private static final ModelName MODEL = ModelName.of("qwen-7b-tiny");

    @TempDir
    Path cacheRoot;

    /** Copies a model folder from the repository's models/, as the lake source would download it. */
    private static final class CopyingSource implements ModelSource {
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public void fetch(ModelName model, Path targetDir) throws IOException {
            fetches.incrementAndGet();
            TinyModels.copy(model.value(), targetDir);
        }
    }

    @Test
    void firstCallFetchesAndSecondIsAHit() throws IOException {
        CopyingSource source = new CopyingSource();
        ModelCache cache = new ModelCache(cacheRoot, source);

        ModelDirectory first = cache.resolve(MODEL);
        assertEquals(cacheRoot.resolve("qwen-7b-tiny"), first.path());
        assertEquals(List.of(), first.missingFiles());
        assertEquals(-1, Files.mismatch(first.modelFile(), TinyModels.dir("qwen-7b-tiny").resolve(ModelDirectory.MODEL_FILE)));
        assertEquals(1, cache.misses());
        assertEquals(0, cache.hits());

        assertEquals(first, cache.resolve(MODEL));
        assertEquals(1, source.fetches.get());
        assertEquals(1, cache.hits());
        assertEquals(List.of("qwen-7b-tiny"), entries());
    }

    @Test
    void aNewCacheOnTheSameFolderFindsWhatAnEarlierOneFetched() throws IOException {
        new ModelCache(cacheRoot, new CopyingSource()).resolve(MODEL);
        CopyingSource source = new CopyingSource();
        new ModelCache(cacheRoot, source).resolve(MODEL);
        assertEquals(0, source.fetches.get());
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CopyingSource copying = new CopyingSource();
        ModelSource slow = (model, target) -> {
            fetching.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            copying.fetch(model, target);
        };
        ModelCache cache = new ModelCache(cacheRoot, slow);
        List<Thread> callers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8, task -> {
            Thread caller = new Thread(task);
            callers.add(caller);
            return caller;
        });
        try {
            List<Future<ModelDirectory>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.resolve(MODEL)));
            }
            fetching.await();
            // The rendezvous: the seven others are inside resolve, blocked on the fetch in flight.
            Await.until(() -> "seven callers blocked in resolve, states " + callers.stream().map(Thread::getState).toList(),
                    Duration.ofSeconds(10), () -> callers.stream().filter(ModelCacheTest::waitsForTheFetch).count() == 7);
            release.countDown();
            for (Future<ModelDirectory> result : results) {
                assertEquals(cacheRoot.resolve("qwen-7b-tiny"), result.get().path());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, copying.fetches.get());
        assertEquals(1, cache.misses());
        assertEquals(7, cache.hits());
        assertEquals(List.of("qwen-7b-tiny"), entries());
    }

    private static boolean waitsForTheFetch(Thread caller) {
        StackTraceElement[] stack = caller.getStackTrace();
        return caller.getState() == Thread.State.BLOCKED && stack.length > 0
                && stack[0].getClassName().equals(ModelCache.class.getName()) && stack[0].getMethodName().equals("resolve");
    }

    @Test
    void anotherProcessPublishingFirstWins() throws IOException {
        Path target = cacheRoot.resolve("qwen-7b-tiny");
        ModelSource racing = (model, staging) -> {
            // Another process completes its fetch while this one is still downloading.
            TinyModels.copy(model.value(), target);
            TinyModels.copy(model.value(), staging);
        };
        ModelDirectory resolved = new ModelCache(cacheRoot, racing).resolve(MODEL);
        assertEquals(target, resolved.path());
        assertEquals(List.of(), resolved.missingFiles());
        assertEquals(List.of("qwen-7b-tiny"), entries());
    }

    @Test
    void failedFetchCachesNothingAndIsRetried() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        CopyingSource copying = new CopyingSource();
        ModelSource flaky = (model, target) -> {
            Files.writeString(target.resolve(ModelDirectory.CONFIG_FILE), "{\"contextLimit\":512}");
            if (calls.incrementAndGet() == 1) {
                throw new IOException("lake unreachable");
            }
            Files.delete(target.resolve(ModelDirectory.CONFIG_FILE));
            copying.fetch(model, target);
        };
        ModelCache cache = new ModelCache(cacheRoot, flaky);
        IOException e = assertThrows(IOException.class, () -> cache.resolve(MODEL));
        assertEquals("lake unreachable", e.getMessage());
        assertEquals(List.of(), entries());

        assertEquals(List.of(), cache.resolve(MODEL).missingFiles());
        assertEquals(2, calls.get());
        assertEquals(2, cache.misses());
    }

    @Test
    void incompleteFetchIsRefusedAndNotCached() throws IOException {
        ModelSource partial = (model, target) -> Files.copy(
                TinyModels.dir(model.value()).resolve(ModelDirectory.TOKENIZER_FILE), target.resolve(ModelDirectory.TOKENIZER_FILE));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new ModelCache(cacheRoot, partial).resolve(MODEL));
        assertTrue(e.getMessage().contains("lacks model.pt, config.json"), e.getMessage());
        assertEquals(List.of(), entries());
    }

    @Test
    void tamperedCachedFolderIsReported() throws IOException {
        ModelCache cache = new ModelCache(cacheRoot, new CopyingSource());
        Files.delete(cache.resolve(MODEL).modelFile());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> cache.resolve(MODEL));
        assertTrue(e.getMessage().contains("lacks model.pt; delete that folder"), e.getMessage());
    }

    @Test
    void fetchedFolderLoads() throws IOException {
        ModelDirectory dir = new ModelCache(cacheRoot, new CopyingSource()).resolve(MODEL);
        try (KvCacheModel model = KvCacheModel.load(MODEL.value(), dir.path(), ModelOptions.withThreads(1))) {
            assertEquals(1.0, model.score(TinyModels.reference(MODEL.value()).prompt())
                    .probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
        }
        assertFalse(entries().stream().anyMatch(name -> name.startsWith(".")));
    }

    /** Everything in the cache root, temporary folders included. */
    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(cacheRoot)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
