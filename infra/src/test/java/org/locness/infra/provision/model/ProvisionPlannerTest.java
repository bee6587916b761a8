package org.locness.infra.provision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.infra.provision.VmsDirectory;

class ProvisionPlannerTest {
    private static final Path VMS = Path.of("vms");
    private static final HostSpec HOST = VmsDirectory.readHost(VMS.resolve("host.json"));
    private static final String BASE = "/var/lib/libvirt/images/base.qcow2";
    private static final NumaMemory STRICT_0 = new NumaMemory("0", "strict");

    private static VmSpec vm(String name, int vcpus, long memoryMb, List<String> pins, String emulator, NumaMemory numa,
            Integer threads, List<String> sharesWith) {
        return new VmSpec(name, vcpus, memoryMb, "/var/lib/libvirt/images/" + name + ".qcow2", 10, BASE, "br0",
                new Tuning(pins, emulator, numa, threads, sharesWith), null);
    }

    private static VmSpec pinned(String name, List<String> pins, String emulator) {
        return vm(name, pins.size(), 4096, pins, emulator, null, null, null);
    }

    private static List<String> findings(VmSpec... vms) {
        return ProvisionPlanner.plan(HOST, List.of(vms)).findings().stream().map(Finding::toString).toList();
    }

    @Test
    void seedSpecsReportTheirFaults() {
        List<VmSpec> seed = List.of(VmsDirectory.readVm(VMS.resolve("vm1.json")), VmsDirectory.readVm(VMS.resolve("vm2.json")),
                VmsDirectory.readVm(VMS.resolve("vm3.json")));
        Plan plan = ProvisionPlanner.plan(HOST, seed);
        String taken = " to a CPU another VM gives up (no host CPU is free), or list ";
        assertEquals(List.of(
                "k3s-minio-storage, CPU 17: vCPU 0 is pinned to it, and so are the emulator threads of k3s-slm-worker-1; fix: pin vCPU 0"
                        + taken + "k3s-slm-worker-1 in tuning.shares_cpus_with if sharing is intended",
                "k3s-minio-storage, CPU 18: vCPU 4 is pinned to it, and so is vCPU 0 of k3s-slm-worker-2; fix: pin vCPU 4"
                        + taken + "k3s-slm-worker-2 in tuning.shares_cpus_with if sharing is intended",
                "k3s-minio-storage, CPU 35: vCPU 2 is pinned to it, and so are the emulator threads of k3s-slm-worker-2; fix: pin vCPU 2"
                        + taken + "k3s-slm-worker-2 in tuning.shares_cpus_with if sharing is intended",
                "k3s-minio-storage, CPU 53: vCPU 1 is pinned to it, and so are the emulator threads of k3s-slm-worker-1; fix: pin vCPU 1"
                        + taken + "k3s-slm-worker-1 in tuning.shares_cpus_with if sharing is intended",
                "k3s-minio-storage, CPU 54: vCPU 5 is pinned to it, and so is vCPU 1 of k3s-slm-worker-2; fix: pin vCPU 5"
                        + taken + "k3s-slm-worker-2 in tuning.shares_cpus_with if sharing is intended",
                "k3s-minio-storage, CPU 71: vCPU 3 is pinned to it, and so are the emulator threads of k3s-slm-worker-2; fix: pin vCPU 3"
                        + taken + "k3s-slm-worker-2 in tuning.shares_cpus_with if sharing is intended",
                "k3s-minio-storage, memory: guests need 120 + 120 + 32 GiB = 272 GiB, more than the host's 252 GiB less its 4 GiB"
                        + " reserve (2 GiB on each of 2 nodes) = 248 GiB; fix: shrink k3s-minio-storage to at most 8 GiB, or the guests"
                        + " by 24 GiB in total"),
                plan.findings().stream().map(Finding::toString).toList());
        assertEquals(32 * 1024, plan.floatingMb());
    }

    @Test
    void correctedSetPlansClean() {
        VmsDirectory specs = VmsDirectory.load(VMS);
        assertEquals(List.of("k3s-slm-worker-1", "k3s-slm-worker-2", "k3s-minio-storage"), specs.vms().stream().map(VmSpec::name).toList());
        Plan plan = ProvisionPlanner.plan(specs.host(), specs.vms());
        assertEquals(List.of(), plan.findings());
        NodeRow node0 = plan.nodes().get(0);
        assertEquals(120 * 1024 + 4 * 1024, node0.placedMb(), "VM1 strict + half of VM3 interleaved");
        assertEquals(0, node0.freeMb());
        VmRow vm3 = plan.vms().get(2);
        assertEquals("0-1,16,36-37,52", vm3.sharedWith().get("k3s-slm-worker-1").toString());
        String table = PlanRenderer.render(plan);
        assertTrue(table.contains("No findings: the plan is clean."), table);
        assertTrue(table.contains("k3s-slm-worker-2   34     1 socket x 17 cores x 2 threads  18-34,54-70"), table);
    }

    @Test
    void missingCpuAndNode() {
        assertEquals(List.of("a, CPU 99: vCPU 1 is pinned to a CPU the host does not have (host CPUs: 0-71); fix: pin vCPU 1 to a CPU in 0-71",
                "a, node 2: tuning.numa_memory.nodeset names a NUMA node the host does not have (nodes: 0-1); fix: use nodes from 0-1"),
                findings(vm("a", 2, 1024, List.of("0", "99"), null, new NumaMemory("2", "interleave"), 1, null)));
        assertEquals(List.of("a, CPU 72: the emulator threads are pinned to a CPU the host does not have (host CPUs: 0-71); fix: set"
                + " tuning.emulator_cpuset to CPUs in 0-71"), findings(pinned("a", List.of("0", "36"), "72")));
    }

    @Test
    void vcpuPinnedTwiceAcrossVms() {
        assertEquals(List.of("b, CPU 1: vCPU 0 is pinned to it, and so is vCPU 2 of a; fix: pin vCPU 0 to a free CPU (free: 2-35,38-71),"
                + " or list a in tuning.shares_cpus_with if sharing is intended"),
                findings(pinned("a", List.of("0", "36", "1", "37"), null), pinned("b", List.of("1", "37"), null)).subList(0, 1));
    }

    @Test
    void vcpuOnAnotherVmsEmulator() {
        assertEquals(List.of("b, CPU 2: vCPU 0 is pinned to it, and so are the emulator threads of a; fix: pin vCPU 0 to a free CPU"
                + " (free: 3-35,39-71), or list a in tuning.shares_cpus_with if sharing is intended",
                "b, CPU 38: vCPU 1 is pinned to it, and so are the emulator threads of a; fix: pin vCPU 1 to a free CPU"
                        + " (free: 3-35,39-71), or list a in tuning.shares_cpus_with if sharing is intended"),
                findings(pinned("a", List.of("0", "36", "1", "37"), "2,38"), pinned("b", List.of("2", "38"), null)));
        assertEquals(List.of("b, CPU 0: The emulator threads are pinned to it, and so is vCPU 0 of a; fix: move tuning.emulator_cpuset"
                + " to a free CPU (free: 1-35,37-71), or list a in tuning.shares_cpus_with if sharing is intended"),
                findings(pinned("a", List.of("0", "36"), null), vm("b", 1, 1024, List.of(), "0", null, 1, null)));
    }

    @Test
    void sharingIsFineWhenDeclaredAndBetweenEmulators() {
        VmSpec a = pinned("a", List.of("0", "36"), "17,53");
        assertEquals(List.of(), findings(a, vm("b", 2, 1024, List.of("0", "36"), "17,53", null, null, List.of("a"))));
        assertEquals(List.of(), findings(a, pinned("b", List.of("1", "37"), "17,53")), "emulator threads may share");
    }

    @Test
    void twoVcpusOnOneCpu() {
        assertEquals(List.of("a, CPU 3: vCPUs 0 and 1 are both pinned to it and time-share one hardware thread; fix: give every vCPU its own CPU"),
                findings(vm("a", 2, 1024, List.of("3", "3"), null, null, 1, null)));
    }

    @Test
    void strictNumaKeepsThreadsOnItsNode() {
        assertEquals(List.of("a, CPU 18: vCPU 2 runs on node 1 but memory is strict on node 0, so every memory access crosses the socket"
                + " interconnect; fix: pin vCPU 2 to a CPU of node 0 (0-17,36-53)",
                "a, CPU 54: vCPU 3 runs on node 1 but memory is strict on node 0, so every memory access crosses the socket"
                        + " interconnect; fix: pin vCPU 3 to a CPU of node 0 (0-17,36-53)",
                "a, CPU 54: the emulator threads run on node 1 but memory is strict on node 0; fix: set tuning.emulator_cpuset to CPUs of"
                        + " node 0 (0-17,36-53)"),
                findings(vm("a", 4, 1024, List.of("0", "36", "18", "54"), "54", STRICT_0, null, null)));
        assertEquals(List.of("a, vCPUs: tuning.vcpu_pins is empty, so the vCPUs may run on any host CPU while memory is strict on node 0;"
                + " fix: pin every vCPU to a CPU of node 0 (0-17,36-53)",
                "a, emulator: tuning.emulator_cpuset is not set, so the emulator threads may run on any host CPU, other nodes and other"
                        + " VMs' CPUs included; fix: set tuning.emulator_cpuset to a free sibling pair of node 0"),
                findings(vm("a", 2, 1024, List.of(), null, STRICT_0, 1, null)));
    }

    @Test
    void memoryPerNodeAfterTheReserve() {
        assertEquals(List.of("b, node 0: a 120 GiB + b 8 GiB + 2 GiB host reserve = 130 GiB, more than the node's 126 GiB; fix: free"
                + " 4 GiB on node 0: shrink a guest placed there or move it to another node"),
                findings(vm("a", 2, 120 * 1024, List.of("0", "36"), "17,53", STRICT_0, null, null),
                        vm("b", 2, 8 * 1024, List.of("1", "37"), "17,53", STRICT_0, null, null)));
        assertEquals(List.of(), findings(vm("a", 2, 124 * 1024, List.of("0", "36"), "17,53", STRICT_0, null, null)), "exactly full");
    }

    @Test
    void floatingMemoryMustFitWhatIsLeft() {
        assertEquals(List.of("b, memory: guests need 243 + 7.5 GiB = 250.5 GiB, more than the host's 252 GiB less its 4 GiB reserve"
                + " (2 GiB on each of 2 nodes) = 248 GiB; fix: shrink b to at most 5 GiB, or the guests by 2.5 GiB in total"),
                findings(vm("a", 2, 243 * 1024, List.of("0", "36"), null, null, null, null),
                        vm("b", 2, 7 * 1024 + 512, List.of("1", "37"), null, null, null, null)));
        assertEquals(List.of("b, memory: guests need 248 + 1.5 GiB = 249.5 GiB, more than the host's 252 GiB less its 4 GiB reserve"
                + " (2 GiB on each of 2 nodes) = 248 GiB; fix: shrink the guests by 1.5 GiB in total"),
                findings(vm("a", 2, 248 * 1024, List.of("0", "36"), null, null, null, null),
                        vm("b", 2, 1536, List.of("1", "37"), "1,37", new NumaMemory("0-1", "strict"), null, null)),
                "strict over two nodes floats between them; b cannot give 1.5 GiB and keep 1 GiB, so no single VM is named");
    }

    @Test
    void siblingPairsAsTheTopologySays() {
        assertEquals(List.of("a, vCPUs 2-3: guest core 1 is pinned to CPUs 1 and 2, which are not the hyper-threads of one host core"
                + " (CPU 1's core is 1,37); fix: pin vCPUs 2-3 to 1,37"),
                findings(pinned("a", List.of("0", "36", "1", "2"), null)));
        assertEquals(List.of("a, vCPUs 0,1: they sit on hyper-threads of one host core (0,36) but threads_per_core is 1, so the guest"
                + " schedules them as if they did not compete; fix: set threads_per_core to 2 and list the pins in sibling pairs, or pin"
                + " them to different cores"),
                findings(vm("a", 2, 1024, List.of("0", "36"), null, null, 1, null)));
        assertEquals(List.of("a, topology: threads_per_core is 2 but the vCPUs are not pinned, so the guest's sibling pairs are fiction;"
                + " fix: pin each guest core's vCPUs to one host core's hyper-threads, or set threads_per_core to 1"),
                findings(vm("a", 2, 1024, List.of(), null, null, null, null)));
        assertEquals(List.of("a, vCPUs 0-1: guest core 0 has vCPUs pinned to CPU ranges, so its threads cannot stay on one host core;"
                + " fix: pin each vCPU of guest core 0 to a single hyper-thread of one host core"),
                findings(pinned("a", List.of("0-3", "36"), null)));
    }

    @Test
    void namesMustBeKnownAndUnique() {
        assertEquals(List.of("a, name: two specs define this domain; fix: give each VM its own name, or drop one of the specs"),
                findings(pinned("a", List.of("0", "36"), null), pinned("a", List.of("1", "37"), null)));
        assertEquals(List.of("a, tuning.shares_cpus_with: names 'ghost', which is not among the planned VMs; fix: name a VM of this plan"
                + " (a) or remove it"), findings(vm("a", 2, 1024, List.of("0", "36"), null, null, null, List.of("ghost"))));
    }
}
