package org.locness.infra.provision.model;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locness.events.ensemble.CpuSet;

/** Lookups derived from a {@link HostSpec}: which node and core each CPU belongs to. */
public final class HostTopology {
    private final HostSpec host;
    private final Map<Integer, NumaNodeSpec> nodeOfCpu = new HashMap<>();
    private final Map<Integer, List<Integer>> coreOfCpu = new HashMap<>();
    private final Map<Integer, NumaNodeSpec> nodes = new HashMap<>();
    private final CpuSet cpus;

    private HostTopology(HostSpec host) {
        this.host = host;
        BitSet all = new BitSet();
        // HostSpec has checked that node ids and CPUs are unique.
        for (NumaNodeSpec node : host.numaNodes()) {
            nodes.put(node.id(), node);
            for (List<Integer> core : node.cores()) {
                for (int cpu : core) {
                    all.set(cpu);
                    nodeOfCpu.put(cpu, node);
                    coreOfCpu.put(cpu, core);
                }
            }
        }
        cpus = CpuSet.of(all);
    }

    public static HostTopology of(HostSpec host) {
        return new HostTopology(host);
    }

    public HostSpec host() {
        return host;
    }

    public CpuSet cpus() {
        return cpus;
    }

    public boolean exists(int cpu) {
        return nodeOfCpu.containsKey(cpu);
    }

    public Optional<NumaNodeSpec> node(int id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public NumaNodeSpec nodeOf(int cpu) {
        return nodeOfCpu.get(cpu);
    }

    /** The hyper-threads of the core that {@code cpu} belongs to, itself included. */
    public List<Integer> coreOf(int cpu) {
        return coreOfCpu.get(cpu);
    }

    public boolean siblings(int a, int b) {
        return a != b && exists(a) && coreOf(a).contains(b);
    }

    public CpuSet cpusOf(NumaNodeSpec node) {
        BitSet set = new BitSet();
        node.cores().forEach(core -> core.forEach(set::set));
        return CpuSet.of(set);
    }

    public CpuSet cpusOf(CpuSet nodeIds) {
        BitSet set = new BitSet();
        for (int id : nodeIds.toArray()) {
            node(id).ifPresent(n -> n.cores().forEach(core -> core.forEach(set::set)));
        }
        return CpuSet.of(set);
    }

    public CpuSet nodeIds() {
        BitSet set = new BitSet();
        nodes.keySet().forEach(set::set);
        return CpuSet.of(set);
    }
}
