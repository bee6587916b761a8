package org.locness.inference.placement;

import org.locness.events.ensemble.CpuSet;

/** The CPUs a thread may run on. The only native seam of CPU placement. */
public interface Affinity {
    /** The calling thread's allowed CPUs. */
    CpuSet current();

    /** Restricts the calling thread (and threads it creates later) to {@code cpus}. */
    void pinCurrentThread(CpuSet cpus);

    /**
     * Restricts the thread with kernel id {@code threadId} (one of {@code /proc/self/task}) to
     * {@code cpus}; returns false if that thread has exited meanwhile.
     */
    boolean pinThread(int threadId, CpuSet cpus);

    /** The calling thread's kernel id, to find it under {@code /proc/self/task}. */
    int currentThreadId();
}
