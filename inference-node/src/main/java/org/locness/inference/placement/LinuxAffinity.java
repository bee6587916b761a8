package org.locness.inference.placement;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.BitSet;
import org.locness.events.ensemble.CpuSet;

/**
 * {@code sched_getaffinity}/{@code sched_setaffinity} through JNA. With pid 0 they act on the
 * calling thread only, which is what per-model thread pools need; with a thread id from
 * {@code /proc/self/task} they act on that thread, which is how the whole process is pinned.
 */
public final class LinuxAffinity implements Affinity {
    private static final int MASK_BYTES = 128; // 1024 CPUs, glibc's cpu_set_t
    private static final long SYS_GETTID = 186; // x86_64
    private static final int ESRCH = 3; // no such thread

    interface CLibrary extends Library {
        int sched_getaffinity(int pid, long cpusetsize, byte[] mask) throws LastErrorException;

        int sched_setaffinity(int pid, long cpusetsize, byte[] mask) throws LastErrorException;

        long syscall(long number) throws LastErrorException;
    }

    private final CLibrary libc;

    private LinuxAffinity(CLibrary libc) {
        this.libc = libc;
    }

    /** Loads libc; fails with a clear message off Linux. */
    public static LinuxAffinity load() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            throw new PlacementException("CPU pinning needs Linux (sched_setaffinity); this is "
                    + System.getProperty("os.name"));
        }
        return new LinuxAffinity(Native.load("c", CLibrary.class));
    }

    @Override
    public CpuSet current() {
        byte[] mask = new byte[MASK_BYTES];
        try {
            libc.sched_getaffinity(0, MASK_BYTES, mask);
        } catch (LastErrorException e) {
            throw new PlacementException("sched_getaffinity failed: errno " + e.getErrorCode(), e);
        }
        return CpuSet.of(BitSet.valueOf(mask));
    }

    @Override
    public void pinCurrentThread(CpuSet cpus) {
        pinThread(0, cpus);
    }

    @Override
    public boolean pinThread(int threadId, CpuSet cpus) {
        byte[] bits = cpus.cpus().toByteArray();
        byte[] mask = new byte[MASK_BYTES];
        System.arraycopy(bits, 0, mask, 0, Math.min(bits.length, MASK_BYTES));
        try {
            libc.sched_setaffinity(threadId, MASK_BYTES, mask);
            return true;
        } catch (LastErrorException e) {
            if (threadId != 0 && e.getErrorCode() == ESRCH) {
                return false;
            }
            throw new PlacementException("sched_setaffinity(" + (threadId == 0 ? "self" : threadId) + ", " + cpus
                    + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public int currentThreadId() {
        return (int) libc.syscall(SYS_GETTID);
    }
}
