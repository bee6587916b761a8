package org.locness.infra.provision.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.locness.events.ensemble.CpuSet;

/**
 * Checks VM specs against the host before anything touches libvirt, because libvirt itself checks
 * almost none of it (its test driver accepts CPU 9999; the QEMU driver happily double-books CPUs).
 * Pure: values in, a {@link Plan} out.
 *
 * <p>Checks: every pinned CPU and NUMA node exists; no host CPU carries two VMs (vCPU vs vCPU, vCPU
 * vs emulator) unless one of them lists the other in {@code shares_cpus_with}; with strict NUMA
 * memory, vCPUs and emulator threads sit on the memory's node; each node's memory holds what NUMA
 * policy places on it plus the host reserve, and the rest fits the host in total; the pins make
 * the guest's {@code threads_per_core} true (sibling vCPUs on one host core's hyper-threads).
 */
public final class ProvisionPlanner {
    private final HostTopology host;
    private final List<VmSpec> vms;
    private final List<Finding> findings = new ArrayList<>();
    /** Host CPU → who is pinned there, in spec order. */
    private final Map<Integer, List<Use>> uses = new TreeMap<>();

    /** One claim on a host CPU: a vCPU, or (vcpu = -1) the VM's emulator threads. */
    private record Use(VmSpec vm, int vcpu) {
        boolean emulator() {
            return vcpu < 0;
        }

        String what() {
            return emulator() ? "the emulator threads" : "vCPU " + vcpu;
        }
    }

    private ProvisionPlanner(HostSpec host, List<VmSpec> vms) {
        this.host = HostTopology.of(host);
        this.vms = List.copyOf(vms);
    }

    public static Plan plan(HostSpec host, List<VmSpec> vms) {
        return new ProvisionPlanner(host, vms).run();
    }

    private Plan run() {
        checkNames();
        for (VmSpec vm : vms) {
            claimCpus(vm);
            checkNodesExist(vm);
        }
        checkDoubleBooking();
        for (VmSpec vm : vms) {
            checkStrictNuma(vm);
            checkSiblings(vm);
        }
        return memoryAndRows();
    }

    private void add(VmSpec vm, String where, String problem, String fix) {
        findings.add(new Finding(vm.name(), where, problem, fix));
    }

    private void checkNames() {
        Set<String> names = new HashSet<>();
        Set<String> all = vms.stream().map(VmSpec::name).collect(Collectors.toSet());
        for (VmSpec vm : vms) {
            if (!names.add(vm.name())) {
                add(vm, "name", "two specs define this domain", "give each VM its own name, or drop one of the specs");
            }
            for (String other : vm.tuning().sharesCpusWith()) {
                if (!all.contains(other)) {
                    add(vm, "tuning.shares_cpus_with", "names '" + other + "', which is not among the planned VMs",
                            "name a VM of this plan (" + String.join(", ", all.stream().sorted().toList()) + ") or remove it");
                }
            }
        }
    }

    /** Records the VM's CPUs in {@link #uses}; CPUs the host lacks become findings instead. */
    private void claimCpus(VmSpec vm) {
        List<CpuSet> pins = vm.tuning().pins();
        Map<Integer, Integer> singleCpuOwner = new TreeMap<>();
        for (int vcpu = 0; vcpu < pins.size(); vcpu++) {
            CpuSet pin = pins.get(vcpu);
            for (int cpu : pin.toArray()) {
                if (!host.exists(cpu)) {
                    add(vm, "CPU " + cpu, "vCPU " + vcpu + " is pinned to a CPU the host does not have (host CPUs: "
                            + host.cpus() + ")", "pin vCPU " + vcpu + " to a CPU in " + host.cpus());
                    continue;
                }
                uses.computeIfAbsent(cpu, c -> new ArrayList<>()).add(new Use(vm, vcpu));
            }
            // A vCPU pinned to a range floats inside it on purpose; two vCPUs on one CPU is a mistake.
            if (pin.size() == 1 && host.exists(pin.toArray()[0])) {
                Integer earlier = singleCpuOwner.putIfAbsent(pin.toArray()[0], vcpu);
                if (earlier != null) {
                    add(vm, "CPU " + pin, "vCPUs " + earlier + " and " + vcpu + " are both pinned to it and time-share one hardware thread",
                            "give every vCPU its own CPU");
                }
            }
        }
        CpuSet emulator = vm.tuning().emulator();
        if (emulator != null) {
            for (int cpu : emulator.toArray()) {
                if (!host.exists(cpu)) {
                    add(vm, "CPU " + cpu, "the emulator threads are pinned to a CPU the host does not have (host CPUs: "
                            + host.cpus() + ")", "set tuning.emulator_cpuset to CPUs in " + host.cpus());
                    continue;
                }
                uses.computeIfAbsent(cpu, c -> new ArrayList<>()).add(new Use(vm, -1));
            }
        }
    }

    private void checkNodesExist(VmSpec vm) {
        NumaMemory numa = vm.tuning().numaMemory();
        if (numa == null) {
            return;
        }
        for (int node : numa.nodes().toArray()) {
            if (host.node(node).isEmpty()) {
                add(vm, "node " + node, "tuning.numa_memory.nodeset names a NUMA node the host does not have (nodes: "
                        + host.nodeIds() + ")", "use nodes from " + host.nodeIds());
            }
        }
    }

    private CpuSet usedCpus() {
        BitSet used = new BitSet();
        uses.keySet().forEach(used::set);
        return CpuSet.of(used);
    }

    private static boolean mayShare(VmSpec a, VmSpec b) {
        return a.tuning().sharesCpusWith().contains(b.name()) || b.tuning().sharesCpusWith().contains(a.name());
    }

    /**
     * A CPU claimed by two VMs. Emulator threads of different VMs may share a CPU: they are mostly
     * idle I/O and housekeeping, and parking them together is the usual layout. The finding goes to
     * the later VM in spec order, the one that arrived at an already taken CPU.
     */
    private void checkDoubleBooking() {
        CpuSet free = host.cpus().minus(usedCpus());
        for (Map.Entry<Integer, List<Use>> entry : uses.entrySet()) {
            int cpu = entry.getKey();
            List<Use> here = entry.getValue();
            for (int j = 0; j < here.size(); j++) {
                for (int i = 0; i < j; i++) {
                    Use first = here.get(i);
                    Use later = here.get(j);
                    if (first.vm() == later.vm() || (first.emulator() && later.emulator()) || mayShare(first.vm(), later.vm())) {
                        continue;
                    }
                    String verb = first.emulator() ? "so are " : "so is ";
                    String subject = later.emulator() ? "The emulator threads are" : later.what() + " is";
                    String move = later.emulator() ? "move tuning.emulator_cpuset" : "pin " + later.what();
                    String target = free.isEmpty() ? " to a CPU another VM gives up (no host CPU is free)" : " to a free CPU (free: " + free + ")";
                    add(later.vm(), "CPU " + cpu, subject + " pinned to it, and " + verb + first.what() + " of " + first.vm().name(),
                            move + target + ", or list " + first.vm().name() + " in tuning.shares_cpus_with if sharing is intended");
                }
            }
        }
    }

    /** Strict memory on a node is only fast if the threads touching it run on that node too. */
    private void checkStrictNuma(VmSpec vm) {
        NumaMemory numa = vm.tuning().numaMemory();
        if (numa == null || numa.memoryMode() != NumaMemory.Mode.STRICT) {
            return;
        }
        CpuSet nodes = numa.nodes();
        CpuSet local = host.cpusOf(nodes);
        String onNodes = (nodes.size() == 1 ? "node " : "nodes ") + nodes;
        if (!vm.tuning().pinned()) {
            add(vm, "vCPUs", "tuning.vcpu_pins is empty, so the vCPUs may run on any host CPU while memory is strict on " + onNodes,
                    "pin every vCPU to a CPU of " + onNodes + " (" + local + ")");
        }
        List<CpuSet> pins = vm.tuning().pins();
        for (int vcpu = 0; vcpu < pins.size(); vcpu++) {
            CpuSet remote = existing(pins.get(vcpu)).minus(local);
            if (!remote.isEmpty()) {
                add(vm, "CPU " + remote, "vCPU " + vcpu + " runs on " + nodesOf(remote) + " but memory is strict on " + onNodes
                        + ", so every memory access crosses the socket interconnect", "pin vCPU " + vcpu + " to a CPU of " + onNodes + " (" + local + ")");
            }
        }
        CpuSet emulator = vm.tuning().emulator();
        if (emulator == null) {
            add(vm, "emulator", "tuning.emulator_cpuset is not set, so the emulator threads may run on any host CPU, other nodes and other VMs' CPUs included",
                    "set tuning.emulator_cpuset to a free sibling pair of " + onNodes);
        } else {
            CpuSet remote = existing(emulator).minus(local);
            if (!remote.isEmpty()) {
                add(vm, "CPU " + remote, "the emulator threads run on " + nodesOf(remote) + " but memory is strict on " + onNodes,
                        "set tuning.emulator_cpuset to CPUs of " + onNodes + " (" + local + ")");
            }
        }
    }

    private CpuSet existing(CpuSet cpus) {
        return cpus.intersect(host.cpus());
    }

    private String nodesOf(CpuSet cpus) {
        BitSet ids = new BitSet();
        for (int cpu : cpus.toArray()) {
            ids.set(host.nodeOf(cpu).id());
        }
        return (ids.cardinality() == 1 ? "node " : "nodes ") + CpuSet.of(ids);
    }

    /**
     * The guest sees {@code threads_per_core} threads per core, vCPUs numbered core by core. That is
     * only true when each guest core's vCPUs are pinned to the hyper-threads of one host core; and
     * with one thread per core, two vCPUs on one host core's siblings would be scheduled by the
     * guest as if they did not compete.
     */
    private void checkSiblings(VmSpec vm) {
        int threads = vm.tuning().threadsPerCore();
        if (!vm.tuning().pinned()) {
            if (threads > 1) {
                add(vm, "topology", "threads_per_core is " + threads + " but the vCPUs are not pinned, so the guest's sibling pairs are fiction",
                        "pin each guest core's vCPUs to one host core's hyper-threads, or set threads_per_core to 1");
            }
            return;
        }
        List<CpuSet> pins = vm.tuning().pins();
        if (threads == 1) {
            checkNoHiddenSiblings(vm, pins);
            return;
        }
        for (int core = 0; core < vm.vcpuCount() / threads; core++) {
            int from = core * threads;
            int to = from + threads - 1;
            String where = "vCPUs " + from + "-" + to;
            List<CpuSet> group = pins.subList(from, to + 1);
            if (group.stream().anyMatch(p -> p.size() != 1)) {
                add(vm, where, "guest core " + core + " has vCPUs pinned to CPU ranges, so its threads cannot stay on one host core",
                        "pin each vCPU of guest core " + core + " to a single hyper-thread of one host core");
                continue;
            }
            if (group.stream().anyMatch(p -> !host.exists(p.toArray()[0]))) {
                continue; // already reported as a missing CPU
            }
            int anchor = group.get(0).toArray()[0];
            List<Integer> hostCore = host.coreOf(anchor);
            List<Integer> cpus = group.stream().map(p -> p.toArray()[0]).toList();
            boolean oneCore = cpus.stream().distinct().count() == cpus.size() && hostCore.containsAll(cpus);
            if (!oneCore) {
                String list = cpus.stream().map(String::valueOf).collect(Collectors.joining(" and "));
                add(vm, where, "guest core " + core + " is pinned to CPUs " + list + ", which are not the hyper-threads of one host core (CPU "
                        + anchor + "'s core is " + join(hostCore) + ")", "pin vCPUs " + from + "-" + to + " to " + join(hostCore));
            }
        }
    }

    private void checkNoHiddenSiblings(VmSpec vm, List<CpuSet> pins) {
        Map<List<Integer>, Map<Integer, Integer>> vcpuByCpuByCore = new LinkedHashMap<>();
        for (int vcpu = 0; vcpu < pins.size(); vcpu++) {
            CpuSet pin = pins.get(vcpu);
            if (pin.size() == 1 && host.exists(pin.toArray()[0])) {
                int cpu = pin.toArray()[0];
                // Two vCPUs on the very same CPU are reported by claimCpus; one per CPU is kept here.
                vcpuByCpuByCore.computeIfAbsent(host.coreOf(cpu), c -> new TreeMap<>()).putIfAbsent(cpu, vcpu);
            }
        }
        vcpuByCpuByCore.forEach((core, vcpuByCpu) -> {
            if (vcpuByCpu.size() > 1) {
                add(vm, "vCPUs " + join(List.copyOf(vcpuByCpu.values())), "they sit on hyper-threads of one host core (" + join(core)
                        + ") but threads_per_core is 1, so the guest schedules them as if they did not compete",
                        "set threads_per_core to 2 and list the pins in sibling pairs, or pin them to different cores");
            }
        });
    }

    private static String join(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Where each VM's memory lands by NUMA policy, per node, and what is left floating. */
    private Plan memoryAndRows() {
        // node → VM → MiB it places there, in spec order
        Map<Integer, Map<VmSpec, Long>> placed = new TreeMap<>();
        long floating = 0;
        List<String> floatingVms = new ArrayList<>();
        VmSpec lastFloating = null;
        for (VmSpec vm : vms) {
            NumaMemory numa = vm.tuning().numaMemory();
            int[] nodes = numa == null ? new int[0] : numa.nodes().intersect(host.nodeIds()).toArray();
            boolean spread = numa != null && numa.memoryMode() == NumaMemory.Mode.INTERLEAVE && nodes.length > 0;
            if (spread || nodes.length == 1) {
                // Interleave stripes pages evenly; the other modes with one node put everything there.
                long share = vm.memoryMb() / nodes.length;
                for (int i = 0; i < nodes.length; i++) {
                    long mb = i == 0 ? vm.memoryMb() - share * (nodes.length - 1) : share;
                    placed.computeIfAbsent(nodes[i], n -> new LinkedHashMap<>()).merge(vm, mb, Long::sum);
                }
            } else {
                floating += vm.memoryMb();
                floatingVms.add(vm.name());
                lastFloating = vm;
            }
        }
        List<NodeRow> nodeRows = new ArrayList<>();
        CpuSet used = usedCpus();
        for (NumaNodeSpec node : host.host().numaNodes()) {
            Map<VmSpec, Long> there = placed.getOrDefault(node.id(), Map.of());
            long mb = there.values().stream().mapToLong(Long::longValue).sum();
            NodeRow row = new NodeRow(node.id(), node.socket(), host.cpusOf(node), cpusByVm(node), host.cpusOf(node).minus(used),
                    node.memoryMb(), host.host().reservedMemoryMbPerNode(), mb);
            nodeRows.add(row);
            if (row.freeMb() < 0) {
                String parts = there.entrySet().stream().map(e -> e.getKey().name() + " " + Sizes.gib(e.getValue()))
                        .collect(Collectors.joining(" + "));
                VmSpec last = List.copyOf(there.keySet()).get(there.size() - 1);
                findings.add(new Finding(last.name(), "node " + node.id(),
                        parts + " + " + Sizes.gib(row.reservedMb()) + " host reserve = " + Sizes.gib(mb + row.reservedMb())
                                + ", more than the node's " + Sizes.gib(node.memoryMb()),
                        "free " + Sizes.gib(-row.freeMb()) + " on node " + node.id() + ": shrink a guest placed there or move it to another node"));
            }
        }
        if (floating > 0) {
            checkTotal(lastFloating);
        }
        List<VmRow> vmRows = vms.stream().map(this::row).toList();
        return new Plan(vmRows, nodeRows, floating, floatingVms, findings);
    }

    private void checkTotal(VmSpec subject) {
        long guests = vms.stream().mapToLong(VmSpec::memoryMb).sum();
        long usable = host.host().memoryMb() - host.host().reservedMemoryMb();
        if (guests <= usable) {
            return;
        }
        long over = guests - usable;
        String sum = vms.stream().map(vm -> Sizes.number(vm.memoryMb())).collect(Collectors.joining(" + "));
        String shrink = subject.memoryMb() - over >= 1024
                ? "shrink " + subject.name() + " to at most " + Sizes.gib(subject.memoryMb() - over) + ", or the guests by " + Sizes.gib(over) + " in total"
                : "shrink the guests by " + Sizes.gib(over) + " in total";
        add(subject, "memory", "guests need " + sum + " GiB = " + Sizes.gib(guests) + ", more than the host's "
                + Sizes.gib(host.host().memoryMb()) + " less its " + Sizes.gib(host.host().reservedMemoryMb()) + " reserve ("
                + Sizes.gib(host.host().reservedMemoryMbPerNode()) + " on each of " + host.host().numaNodes().size() + " nodes) = "
                + Sizes.gib(usable), shrink);
    }

    private Map<String, Integer> cpusByVm(NumaNodeSpec node) {
        CpuSet nodeCpus = host.cpusOf(node);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (VmSpec vm : vms) {
            int n = usedBy(vm).intersect(nodeCpus).size();
            if (n > 0) {
                counts.merge(vm.name(), n, Integer::sum);
            }
        }
        return counts;
    }

    private VmRow row(VmSpec vm) {
        Tuning tuning = vm.tuning();
        CpuSet vcpuCpus = null;
        BitSet nodes = new BitSet();
        if (tuning.pinned()) {
            BitSet all = new BitSet();
            tuning.pins().forEach(p -> existing(p).cpus().stream().forEach(all::set));
            vcpuCpus = CpuSet.of(all);
            all.stream().forEach(cpu -> nodes.set(host.nodeOf(cpu).id()));
        }
        CpuSet mine = usedBy(vm);
        Map<String, CpuSet> shared = new TreeMap<>();
        for (VmSpec other : vms) {
            if (other != vm && mayShare(vm, other)) {
                CpuSet both = mine.intersect(usedBy(other));
                if (!both.isEmpty()) {
                    shared.put(other.name(), both);
                }
            }
        }
        return new VmRow(vm.name(), vm.vcpuCount(), vm.vcpuCount() / tuning.threadsPerCore(), tuning.threadsPerCore(), vcpuCpus,
                tuning.emulator(), vm.memoryMb(), tuning.numaMemory(), CpuSet.of(nodes), shared);
    }

    private CpuSet usedBy(VmSpec vm) {
        BitSet cpus = new BitSet();
        uses.forEach((cpu, list) -> {
            if (list.stream().anyMatch(u -> u.vm() == vm)) {
                cpus.set(cpu);
            }
        });
        return CpuSet.of(cpus);
    }
}
