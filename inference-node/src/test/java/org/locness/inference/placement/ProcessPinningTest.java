package org.locness.inference.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.locness.events.ensemble.CpuSet;

/** Pinning as the kernel reports it in {@code /proc/self/task/<tid>/status}, for every thread of this JVM. */
class ProcessPinningTest {
    private final LinuxAffinity affinity = LinuxAffinity.load();

    @Test
    void everyThreadOfTheProcessIsPinned() throws Exception {
        CpuSet original = affinity.current();
        CpuSet first = CpuSet.parse(Integer.toString(original.toArray()[0]));
        try {
            int pinned = ProcessPinning.pinAll(affinity, first);

            assertTrue(pinned > 5, "a JVM has more threads than " + pinned);
            threads().forEach((tid, cpus) -> assertEquals(first, cpus, "thread " + tid));
            assertEquals(first, affinity.current());
        } finally {
            threads().keySet().forEach(tid -> affinity.pinThread(tid, original));
        }
    }

    @Test
    void threadsAlreadyInsideTheSetKeepTheirNarrowerPinning() throws Exception {
        CpuSet original = affinity.current();
        CpuSet first = CpuSet.parse(Integer.toString(original.toArray()[0]));
        ExecutorService model = Executors.newSingleThreadExecutor(new PinnedThreadFactory(affinity, first, "pin-test"));
        try {
            int tid = CompletableFuture.supplyAsync(affinity::currentThreadId, model).get(30, TimeUnit.SECONDS);

            ProcessPinning.pinAll(affinity, original);

            assertEquals(first, threads().get(tid));
            assertEquals(original, affinity.current());
        } finally {
            model.shutdownNow();
            assertTrue(model.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private static Map<Integer, CpuSet> threads() throws Exception {
        Map<Integer, CpuSet> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(ProcessPinning.TASKS)) {
            for (Path task : tasks) {
                Optional<CpuSet> allowed = ProcessPinning.allowed(task);
                allowed.ifPresent(cpus -> threads.put(Integer.parseInt(task.getFileName().toString()), cpus));
            }
        }
        return threads;
    }
}
