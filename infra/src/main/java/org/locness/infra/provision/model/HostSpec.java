package org.locness.infra.provision.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The physical host ({@code infra/vms/host.json}): its NUMA nodes, each with its cores as Linux
 * numbers their hyper-threads (a core is the list of its sibling CPUs, as in
 * {@code /sys/devices/system/cpu/cpuN/topology/thread_siblings_list}), its memory, and the memory
 * kept back for the host on every node (kernel, libvirtd, QEMU's own overhead per guest).
 */
public record HostSpec(String name, String cpuModel, int sockets, List<NumaNodeSpec> numaNodes,
        long reservedMemoryMbPerNode) {

    public HostSpec {
        if (numaNodes == null || numaNodes.isEmpty()) {
            throw new IllegalArgumentException("host: numa_nodes must list at least one node");
        }
        numaNodes = List.copyOf(numaNodes);
        if (sockets < 1) {
            throw new IllegalArgumentException("host: sockets must be at least 1, was " + sockets);
        }
        if (reservedMemoryMbPerNode < 0) {
            throw new IllegalArgumentException("host: reserved_memory_mb_per_node must not be negative");
        }
        Set<Integer> ids = new HashSet<>();
        Set<Integer> cpus = new HashSet<>();
        for (NumaNodeSpec node : numaNodes) {
            if (!ids.add(node.id())) {
                throw new IllegalArgumentException("host: node " + node.id() + " is listed twice");
            }
            for (List<Integer> core : node.cores()) {
                for (int cpu : core) {
                    if (cpu < 0 || !cpus.add(cpu)) {
                        throw new IllegalArgumentException("host: CPU " + cpu + " is negative or listed twice");
                    }
                }
            }
            if (node.memoryMb() <= reservedMemoryMbPerNode) {
                throw new IllegalArgumentException("host: node " + node.id() + " has " + node.memoryMb()
                        + " MiB, not more than the " + reservedMemoryMbPerNode + " MiB host reserve");
            }
            if (node.socket() < 0 || node.socket() >= sockets) {
                throw new IllegalArgumentException("host: node " + node.id() + " sits on socket " + node.socket()
                        + " but the host has " + sockets + " sockets");
            }
        }
    }

    public long memoryMb() {
        return numaNodes.stream().mapToLong(NumaNodeSpec::memoryMb).sum();
    }

    public long reservedMemoryMb() {
        return reservedMemoryMbPerNode * numaNodes.size();
    }
}
