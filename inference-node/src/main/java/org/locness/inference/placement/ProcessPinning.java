package org.locness.inference.placement;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.locness.events.ensemble.CpuSet;

/**
 * Pins the whole process to a CPU set: every thread listed in {@code /proc/self/task} (the JVM's
 * compiler, GC and client threads included), since {@code sched_setaffinity} acts on one thread and
 * only threads created later inherit. A thread already confined to a subset of the set keeps its
 * narrower pinning, so pinning twice (two nodes in one demo process) never widens a model's threads.
 */
public final class ProcessPinning {
    static final Path TASKS = Path.of("/proc/self/task");
    private static final String ALLOWED = "Cpus_allowed_list:";

    private ProcessPinning() {
    }

    /** Returns how many threads were re-pinned. */
    public static int pinAll(Affinity affinity, CpuSet cpus) {
        int pinned = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                int tid = Integer.parseInt(task.getFileName().toString());
                Optional<CpuSet> allowed = allowed(task);
                if (allowed.isPresent() && !allowed.get().isSubsetOf(cpus) && affinity.pinThread(tid, cpus)) {
                    pinned++;
                }
            }
        } catch (IOException e) {
            throw new PlacementException("cannot list the process's threads in " + TASKS + ": " + e.getMessage(), e);
        }
        return pinned;
    }

    /** A thread's allowed CPUs as the kernel reports them; empty if the thread has exited. */
    static Optional<CpuSet> allowed(Path task) throws IOException {
        try {
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith(ALLOWED)) {
                    return Optional.of(CpuSet.parse(line.substring(ALLOWED.length()).trim()));
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        throw new PlacementException(task.resolve("status") + " has no " + ALLOWED + " line");
    }
}
