package org.locness.infra.provision.model;

import java.util.Map;
import org.locness.events.ensemble.CpuSet;

/**
 * A host NUMA node as planned: how many of its CPUs each VM pins (vCPUs and emulator threads),
 * which CPUs nobody pins, and its memory: installed, kept for the host, placed by NUMA policy.
 */
public record NodeRow(int id, int socket, CpuSet cpus, Map<String, Integer> cpusByVm, CpuSet free, long memoryMb,
        long reservedMb, long placedMb) {
    public NodeRow {
        cpusByVm = Map.copyOf(cpusByVm);
    }

    public long freeMb() {
        return memoryMb - reservedMb - placedMb;
    }
}
