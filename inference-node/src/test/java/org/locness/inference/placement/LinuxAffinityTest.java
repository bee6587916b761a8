package org.locness.inference.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.locness.events.ensemble.CpuSet;

/** Pinning as the kernel sees it: {@code Cpus_allowed_list} in {@code /proc/self/task/<tid>/status}. */
class LinuxAffinityTest {
    private final LinuxAffinity affinity = LinuxAffinity.load();

    @Test
    void pinnedThreadFactoryThreadsRunOnlyOnTheirCpus() throws Exception {
        CpuSet available = affinity.current();
        CpuSet first = CpuSet.parse(Integer.toString(available.toArray()[0]));
        ExecutorService pool = Executors.newSingleThreadExecutor(new PinnedThreadFactory(affinity, first, "model-x"));
        try {
            CompletableFuture<String[]> seen = CompletableFuture.supplyAsync(() -> new String[] {
                affinity.current().toString(), allowedList(affinity.currentThreadId())}, pool);

            String[] result = seen.get(30, TimeUnit.SECONDS);
            assertEquals(first.toString(), result[0]);
            assertEquals(first.toString(), result[1]);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(available, affinity.current(), "the calling thread keeps its own affinity");
    }

    private static String allowedList(int tid) {
        try {
            return Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:")).map(l -> l.split(":")[1].trim())
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
