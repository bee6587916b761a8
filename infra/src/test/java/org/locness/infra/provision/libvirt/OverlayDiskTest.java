package org.locness.infra.provision.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.infra.provision.VmsDirectory;
import org.locness.infra.provision.model.VmSpec;

class OverlayDiskTest {
    private static final VmSpec VM1 = VmsDirectory.readVm(Path.of("vms/vm1.json"));

    @Test
    void qemuImgBacksTheOverlayWithTheBaseImage() {
        assertEquals(List.of("qemu-img", "create", "-f", "qcow2", "-b", "/var/lib/libvirt/images/ubuntu-22.04-base.qcow2", "-F", "qcow2",
                "/var/lib/libvirt/images/slm1.qcow2", "35G"), OverlayDisk.command(VM1));
    }

    @Test
    void theStagingDiskIsAnEmptyQcow2OfItsOwn() throws Exception {
        assertEquals(List.of("qemu-img", "create", "-f", "qcow2", "/var/lib/libvirt/images/slm1-staging.qcow2", "100G"),
                OverlayDisk.stagingCommand(VM1.stagingDisk()));
        assertEquals("staging disk /var/lib/libvirt/images/slm1-staging.qcow2: not created, qemu+ssh://numa-server/system is a remote"
                + " host; create it there with: qemu-img create -f qcow2 /var/lib/libvirt/images/slm1-staging.qcow2 100G",
                OverlayDisk.prepareStaging(VM1, "qemu+ssh://numa-server/system").orElseThrow());
    }

    @Test
    void skippedOnTheTestDriverAndForRemoteHosts() throws Exception {
        assertEquals("overlay /var/lib/libvirt/images/slm1.qcow2: skipped, test:///default is libvirt's test driver, which has no disks",
                OverlayDisk.prepare(VM1, "test:///default"));
        assertEquals("overlay /var/lib/libvirt/images/slm1.qcow2: not created, qemu+ssh://numa-server/system is a remote host; create it"
                + " there with: qemu-img create -f qcow2 -b /var/lib/libvirt/images/ubuntu-22.04-base.qcow2 -F qcow2"
                + " /var/lib/libvirt/images/slm1.qcow2 35G", OverlayDisk.prepare(VM1, "qemu+ssh://numa-server/system"));
    }

    @Test
    void anExistingOverlayIsKept(@TempDir Path dir) throws Exception {
        Path disk = Files.writeString(dir.resolve("slm1.qcow2"), "not touched");
        VmSpec vm = new VmSpec(VM1.name(), VM1.vcpuCount(), VM1.memoryMb(), disk.toString(), 35, VM1.baseImagePath(), "br0",
                VM1.tuning(), null);
        assertEquals("overlay " + disk + ": exists, kept", OverlayDisk.prepare(vm, "qemu:///system"));
        assertEquals("not touched", Files.readString(disk));
    }
}
