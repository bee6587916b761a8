package org.locness.events.ensemble;

import org.locness.events.id.NodeName;

/** An inference VM: its NUMA node on the host and the CPUs the guest sees. */
public record NodeSpec(NodeName name, int numaNode, CpuSet cpus) {
}
