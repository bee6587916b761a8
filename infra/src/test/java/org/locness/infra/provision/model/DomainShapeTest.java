package org.locness.infra.provision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.infra.provision.VmsDirectory;

class DomainShapeTest {
    private static final VmSpec VM1 = VmsDirectory.readVm(Path.of("vms/vm1.json"));

    /** What libvirt hands back: KiB, defaults spelled out or dropped, ids and addresses added. */
    private static final String FROM_LIBVIRT = """
            <domain type='kvm' id='3'>
              <name>k3s-slm-worker-1</name>
              <uuid>0fb0872e-53c5-4999-956d-08f388256101</uuid>
              <memory unit='KiB'>125829120</memory>
              <vcpu placement='static'>4</vcpu>
              <cputune>
                <vcpupin vcpu='0' cpuset='0'/>
                <vcpupin vcpu='1' cpuset='36'/>
                <vcpupin vcpu='2' cpuset='1'/>
                <vcpupin vcpu='3' cpuset='37'/>
                <emulatorpin cpuset='17,53'/>
              </cputune>
              <numatune><memory nodeset='0'/></numatune>
              <cpu mode='host-passthrough' check='none' migratable='on'><topology sockets='1' dies='1' cores='2' threads='2'/></cpu>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/var/lib/libvirt/images/slm1.qcow2' index='1'/>
                  <target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
                </disk>
                <interface type='bridge'><mac address='52:54:00:95:25:28'/><source bridge='br0'/><model type='virtio'/></interface>
              </devices>
            </domain>
            """;

    private static VmSpec fourVcpus(long memoryMb, String lastPin) {
        return new VmSpec(VM1.name(), 4, memoryMb, VM1.diskPath(), 35, VM1.baseImagePath(), "br0",
                new Tuning(List.of("0", "36", "1", lastPin), "17,53", new NumaMemory("0", "strict"), 2, null), null);
    }

    @Test
    void libvirtsRenderingOfOurXmlHasTheSameShape() {
        DomainShape ours = DomainShape.parse(DomainXmlBuilder.build(fourVcpus(122880, "37")));
        DomainShape theirs = DomainShape.parse(FROM_LIBVIRT);
        assertEquals(List.of(), theirs.differencesFrom(ours));
        assertEquals("1 x 2 x 2", theirs.topology());
        assertEquals("strict", theirs.numaMode(), "libvirt drops the default mode");
    }

    @Test
    void differencesAreNamed() {
        DomainShape wanted = DomainShape.parse(DomainXmlBuilder.build(fourVcpus(8192, "38")));
        assertEquals(List.of("memory: libvirt has 120 GiB, the spec wants 8 GiB",
                "vcpupin 3: libvirt has 37, the spec wants 38"), DomainShape.parse(FROM_LIBVIRT).differencesFrom(wanted));
    }

    @Test
    void rejectsWhatIsNotDomainXml() {
        assertThrows(IllegalArgumentException.class, () -> DomainShape.parse("<network/>"));
        assertThrows(IllegalArgumentException.class, () -> DomainShape.parse("<!DOCTYPE domain [<!ENTITY x 'y'>]><domain/>"));
    }
}
