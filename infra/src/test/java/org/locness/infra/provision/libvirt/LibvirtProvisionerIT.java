package org.locness.infra.provision.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.locness.events.ensemble.CpuSet;
import org.locness.infra.provision.ProvisionCommands;
import org.locness.infra.provision.VmsDirectory;
import org.locness.infra.provision.libvirt.ApplyResult.Outcome;
import org.locness.infra.provision.model.DomainShape;
import org.locness.infra.provision.model.Tuning;
import org.locness.infra.provision.model.VmSpec;

/**
 * The apply/status path through libvirt-java against libvirt's test driver (Debian's libvirt0, no
 * daemon). test:///default keeps its domains in this JVM's memory, shared by all connections, so
 * every test removes the domains it made; the driver validates next to nothing and fakes runtime
 * affinity, so what is checked here is our define/compare/start logic and the XML round trip.
 */
class LibvirtProvisionerIT {
    private static final String URI = "test:///default";
    private static final Path VMS = Path.of("vms");
    private static final List<VmSpec> SPECS = VmsDirectory.load(VMS).vms();

    @AfterEach
    void removeOurDomains() throws LibvirtException {
        Connect connect = new Connect(URI);
        try {
            for (Domain domain : connect.listAllDomains(0)) {
                String name = domain.getName();
                if (SPECS.stream().anyMatch(s -> s.name().equals(name))) {
                    if (domain.isActive() == 1) {
                        domain.destroy();
                    }
                    domain.undefine();
                }
            }
        } finally {
            connect.close();
        }
    }

    private static boolean autostart(String name) throws LibvirtException {
        Connect connect = new Connect(URI);
        try {
            return connect.domainLookupByName(name).getAutostart();
        } finally {
            connect.close();
        }
    }

    /** A domain defined before autostart was part of the spec (or turned off by hand) gets it back on the next apply. */
    @Test
    void anExistingDomainWithoutAutostartGetsIt() throws LibvirtException {
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(URI)) {
            libvirt.apply(SPECS);
            Connect connect = new Connect(URI);
            try {
                connect.domainLookupByName("k3s-slm-worker-1").setAutostart(false);
            } finally {
                connect.close();
            }
            assertFalse(autostart("k3s-slm-worker-1"));
            ApplyResult again = libvirt.apply(SPECS).get(0);
            assertEquals(Outcome.UNCHANGED, again.outcome());
            assertEquals(List.of("defined as specified and running", "autostart turned on"), again.details());
            assertTrue(autostart("k3s-slm-worker-1"));
        }
    }

    private static List<Outcome> outcomes(List<ApplyResult> results) {
        return results.stream().map(ApplyResult::outcome).toList();
    }

    @Test
    void definesAndStartsThenLeavesIdenticalDomainsAlone() throws LibvirtException {
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(URI)) {
            List<ApplyResult> first = libvirt.apply(SPECS);
            assertEquals(List.of(Outcome.CREATED, Outcome.CREATED, Outcome.CREATED), outcomes(first));
            assertEquals(List.of("overlay /var/lib/libvirt/images/slm1.qcow2: skipped, test:///default is libvirt's test driver,"
                    + " which has no disks", "staging disk /var/lib/libvirt/images/slm1-staging.qcow2: skipped, test:///default is"
                    + " libvirt's test driver, which has no disks", "defined", "autostart on", "started"), first.get(0).details());
            for (VmSpec spec : SPECS) {
                assertTrue(autostart(spec.name()), spec.name() + " starts with the host");
            }

            assertEquals(List.of(Outcome.UNCHANGED, Outcome.UNCHANGED, Outcome.UNCHANGED), outcomes(libvirt.apply(SPECS)));
        }
    }

    @Test
    void startsAnIdenticalDomainThatIsShutOff() throws LibvirtException {
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(URI)) {
            libvirt.apply(SPECS);
            Connect connect = new Connect(URI);
            try {
                connect.domainLookupByName("k3s-slm-worker-2").destroy();
            } finally {
                connect.close();
            }
            List<ApplyResult> again = libvirt.apply(SPECS);
            assertEquals(List.of(Outcome.UNCHANGED, Outcome.STARTED, Outcome.UNCHANGED), outcomes(again));
            assertEquals(List.of("defined as specified; was shut off", "started"), again.get(1).details());
        }
    }

    @Test
    void aChangedSpecIsReportedNotClobbered() throws LibvirtException {
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(URI)) {
            libvirt.apply(SPECS);
            VmSpec vm1 = SPECS.get(0);
            List<String> pins = new ArrayList<>(vm1.tuning().vcpuPins());
            pins.set(1, "37");
            pins.set(3, "36");
            VmSpec changed = new VmSpec(vm1.name(), vm1.vcpuCount(), 64 * 1024, vm1.diskPath(), vm1.diskSizeGb(), vm1.baseImagePath(),
                    vm1.bridgeNetworkInterface(), new Tuning(pins, vm1.tuning().emulatorCpuset(),
                            vm1.tuning().numaMemory(), 2, null), null, vm1.stagingDisk());

            ApplyResult result = libvirt.apply(List.of(changed)).get(0);
            assertEquals(Outcome.DIFFERS, result.outcome());
            assertEquals(List.of("memory: libvirt has 120 GiB, the spec wants 64 GiB", "vcpupin 1: libvirt has 36, the spec wants 37",
                    "vcpupin 3: libvirt has 37, the spec wants 36"), result.details());

            DomainStatus status = libvirt.status(List.of(vm1)).get(0);
            assertEquals(List.of(), status.differences(), "the domain still has the original definition");
            assertEquals(120L * 1024 * 1024, status.shape().memoryKib());
        }
    }

    @Test
    void statusReadsPinningBackFromLibvirt() throws LibvirtException {
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(URI)) {
            assertEquals(List.of(DomainStatus.NOT_DEFINED), libvirt.status(SPECS.subList(0, 1)).stream().map(DomainStatus::state).toList());
            libvirt.apply(SPECS);
            List<DomainStatus> statuses = libvirt.status(SPECS);
            assertTrue(statuses.stream().allMatch(DomainStatus::ok), statuses.toString());
            DomainShape vm1 = statuses.get(0).shape();
            assertEquals(34, vm1.vcpuPins().size());
            assertEquals(CpuSet.parse("36"), vm1.vcpuPins().get(1));
            assertEquals(CpuSet.parse("52"), vm1.vcpuPins().get(33));
            assertEquals(CpuSet.parse("17,53"), vm1.emulatorPin());
            assertEquals("strict", vm1.numaMode());
            assertEquals(CpuSet.parse("0"), vm1.numaNodeset());
            assertEquals("1 x 17 x 2", vm1.topology());
            DomainShape vm3 = statuses.get(2).shape();
            assertEquals("interleave", vm3.numaMode());
            assertEquals(List.of("vda: file /var/lib/libvirt/images/minio.qcow2 (qcow2) backed by /var/lib/libvirt/images/ubuntu-22.04-base.qcow2",
                    "vdb: block /dev/sdb (raw)"), vm3.disks());
        }
    }

    @Test
    void commandsApplyAndReportStatus() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(ProvisionCommands.OK, ProvisionCommands.apply(VMS, URI, out));
        assertEquals(ProvisionCommands.OK, ProvisionCommands.apply(VMS, URI, out));
        assertEquals(ProvisionCommands.OK, ProvisionCommands.status(VMS, URI, out));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  k3s-slm-worker-1: created\n"), text);
        assertTrue(text.contains("  k3s-slm-worker-1: unchanged\n      defined as specified and running\n"), text);
        assertTrue(text.contains("  k3s-slm-worker-2: running\n      vcpus 34, memory 120 GiB, topology 1 x 17 x 2\n"
                + "      vcpupin 0>18 1>54 2>19 "), text);
        assertTrue(text.contains("      emulatorpin 35,71\n      numatune strict 1\n      matches its spec\n"), text);
    }

    @Test
    void unreachableLibvirtIsAnError() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(ProvisionCommands.ERROR, ProvisionCommands.status(VMS, "test:///nonexistent/host.xml", out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("error: libvirt at test:///nonexistent/host.xml: "),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
