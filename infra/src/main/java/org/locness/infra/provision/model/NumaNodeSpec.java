package org.locness.infra.provision.model;

import java.util.List;

/** One NUMA node: id, socket, memory and its cores, each core the list of its hyper-thread CPUs. */
public record NumaNodeSpec(int id, int socket, long memoryMb, List<List<Integer>> cores) {
    public NumaNodeSpec {
        if (cores == null || cores.isEmpty() || cores.stream().anyMatch(c -> c == null || c.isEmpty())) {
            throw new IllegalArgumentException("host: node " + id + " must list its cores, each with at least one CPU");
        }
        cores = cores.stream().map(List::copyOf).toList();
        if (memoryMb < 1) {
            throw new IllegalArgumentException("host: node " + id + " memory_mb must be at least 1");
        }
    }
}
