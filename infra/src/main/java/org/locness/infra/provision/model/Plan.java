package org.locness.infra.provision.model;

import java.util.List;

/**
 * What {@link ProvisionPlanner} made of a host and its VM specs. {@code floatingMb} is guest memory
 * without a single-node placement (no numatune, or strict over several nodes): the kernel puts it
 * wherever there is room, so only its total is checked.
 */
public record Plan(List<VmRow> vms, List<NodeRow> nodes, long floatingMb, List<String> floatingVms,
        List<Finding> findings) {
    public Plan {
        vms = List.copyOf(vms);
        nodes = List.copyOf(nodes);
        floatingVms = List.copyOf(floatingVms);
        findings = List.copyOf(findings);
    }

    public boolean clean() {
        return findings.isEmpty();
    }
}
