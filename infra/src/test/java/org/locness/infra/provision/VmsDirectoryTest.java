package org.locness.infra.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.infra.provision.model.VmSpec;

class VmsDirectoryTest {
    private static final Path VMS = Path.of("vms");

    @Test
    void correctedSpecReplacesItsOriginal() {
        VmsDirectory specs = VmsDirectory.load(VMS);
        assertEquals(List.of("using vm3-corrected.json in place of vm3.json"), specs.notes());
        VmSpec vm3 = specs.vms().get(2);
        assertEquals(8192, vm3.memoryMb());
        assertEquals("/dev/sdb", vm3.passthroughDisks().get(0).sourceDev());
        assertEquals(72, specs.host().numaNodes().stream().mapToLong(n -> n.cores().size() * 2L).sum());
    }

    @Test
    void seedShapeIsReadAsIs() {
        VmSpec vm3 = VmsDirectory.readVm(VMS.resolve("vm3.json"));
        assertEquals(List.of("17", "53", "35", "71", "18", "54"), vm3.tuning().vcpuPins());
        assertEquals(null, vm3.tuning().emulatorCpuset());
        assertEquals(null, vm3.tuning().numaMemory());
        assertEquals(2, vm3.tuning().threadsPerCore());
    }

    @Test
    void problemsNameTheFile(@TempDir Path dir) throws Exception {
        Files.copy(VMS.resolve("host.json"), dir.resolve("host.json"));
        String vm1 = Files.readString(VMS.resolve("vm1.json"));
        Files.writeString(dir.resolve("vm1.json"), vm1.replace("\"vcpu_count\": 34", "\"vcpu_count\": 36"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VmsDirectory.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("vm1.json") + ": k3s-slm-worker-1: tuning.vcpu_pins lists 34 CPUs for vcpu_count 36"),
                e.getMessage());

        Files.writeString(dir.resolve("vm1.json"), vm1.replace("\"emulator_cpuset\"", "\"emulator_cpus\""));
        e = assertThrows(IllegalArgumentException.class, () -> VmsDirectory.load(dir));
        assertTrue(e.getMessage().contains("emulator_cpus"), e.getMessage());

        Files.writeString(dir.resolve("vm1.json"), vm1.replace("\"strict\"", "\"tight\""));
        e = assertThrows(IllegalArgumentException.class, () -> VmsDirectory.load(dir));
        assertTrue(e.getMessage().contains("tuning.numa_memory.mode must be strict, interleave, preferred or restrictive, was 'tight'"),
                e.getMessage());
    }

    @Test
    void twoFilesForOneDomainAreRefused(@TempDir Path dir) throws Exception {
        Files.copy(VMS.resolve("host.json"), dir.resolve("host.json"));
        Files.copy(VMS.resolve("vm1.json"), dir.resolve("a.json"));
        Files.copy(VMS.resolve("vm1.json"), dir.resolve("b.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VmsDirectory.load(dir));
        assertEquals(dir.resolve("b.json") + ": domain k3s-slm-worker-1 is already defined by a.json", e.getMessage());
    }
}
