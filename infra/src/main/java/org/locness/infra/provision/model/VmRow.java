package org.locness.infra.provision.model;

import java.util.Map;
import org.locness.events.ensemble.CpuSet;

/**
 * A VM as planned. {@code vcpuCpus} and {@code emulator} are null when unpinned; {@code cpuNodes}
 * are the host nodes its vCPUs run on; {@code sharedWith} maps each VM it shares CPUs with (as
 * declared) to those CPUs.
 */
public record VmRow(String name, int vcpus, int cores, int threads, CpuSet vcpuCpus, CpuSet emulator, long memoryMb,
        NumaMemory numa, CpuSet cpuNodes, Map<String, CpuSet> sharedWith) {
    public VmRow {
        sharedWith = Map.copyOf(sharedWith);
    }
}
