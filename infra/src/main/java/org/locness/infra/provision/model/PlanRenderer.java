package org.locness.infra.provision.model;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.locness.events.ensemble.CpuSet;

/** A {@link Plan} as plain text: one table per VM, one per NUMA node, then the findings. */
public final class PlanRenderer {
    private PlanRenderer() {
    }

    public static String render(Plan plan) {
        TextTable vms = new TextTable("VM", "vCPUs", "guest topology", "vCPU CPUs", "emulator", "memory", "NUMA memory", "vCPUs on",
                "shares CPUs with");
        for (VmRow vm : plan.vms()) {
            vms.row(vm.name(), Integer.toString(vm.vcpus()),
                    "1 socket x " + vm.cores() + " cores x " + vm.threads() + (vm.threads() == 1 ? " thread" : " threads"),
                    vm.vcpuCpus() == null ? "unpinned" : vm.vcpuCpus().toString(),
                    vm.emulator() == null ? "unpinned" : vm.emulator().toString(), Sizes.gib(vm.memoryMb()),
                    vm.numa() == null ? "none (floats)" : vm.numa().memoryMode().xml() + " " + vm.numa().nodeset(),
                    vm.cpuNodes().isEmpty() ? "-" : nodes(vm.cpuNodes()), shared(vm.sharedWith()));
        }
        TextTable nodes = new TextTable("node", "socket", "CPUs", "pinned CPUs by VM", "free CPUs", "memory", "host reserve",
                "placed", "free memory");
        for (NodeRow node : plan.nodes()) {
            nodes.row(Integer.toString(node.id()), Integer.toString(node.socket()), node.cpus().toString(), byVm(node.cpusByVm()),
                    node.free().isEmpty() ? "none" : node.free().toString(), Sizes.gib(node.memoryMb()), Sizes.gib(node.reservedMb()),
                    Sizes.gib(node.placedMb()), Sizes.gib(node.freeMb()));
        }
        StringBuilder out = new StringBuilder();
        out.append("VMs\n").append(vms.render("  ")).append('\n');
        out.append("NUMA nodes\n").append(nodes.render("  "));
        if (plan.floatingMb() > 0) {
            out.append("  not placed on a node (kernel's choice): ").append(Sizes.gib(plan.floatingMb()))
                    .append(" (").append(String.join(", ", plan.floatingVms())).append(")\n");
        }
        out.append('\n');
        if (plan.clean()) {
            out.append("No findings: the plan is clean.\n");
        } else {
            out.append("Findings (").append(plan.findings().size()).append(")\n");
            List<Finding> findings = plan.findings();
            for (int i = 0; i < findings.size(); i++) {
                out.append(String.format("  %2d. %s", i + 1, findings.get(i))).append('\n');
            }
        }
        return out.toString();
    }

    private static String nodes(CpuSet ids) {
        return (ids.size() == 1 ? "node " : "nodes ") + ids;
    }

    private static String shared(Map<String, CpuSet> shared) {
        if (shared.isEmpty()) {
            return "-";
        }
        return shared.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }

    private static String byVm(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
