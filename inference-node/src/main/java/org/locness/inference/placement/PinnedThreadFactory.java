package org.locness.inference.placement;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.locness.events.ensemble.CpuSet;

/**
 * Threads that pin themselves to a CPU set before running anything, so a model's executor and every
 * thread the native engine spawns from it inherit the model's CPUs.
 */
public final class PinnedThreadFactory implements ThreadFactory {
    private final Affinity affinity;
    private final CpuSet cpus;
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    public PinnedThreadFactory(Affinity affinity, CpuSet cpus, String prefix) {
        this.affinity = affinity;
        this.cpus = cpus;
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            affinity.pinCurrentThread(cpus);
            task.run();
        }, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
