package org.locness.infra.provision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.locness.infra.provision.VmsDirectory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class DomainXmlBuilderTest {
    private static final Path VMS = Path.of("vms");

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static Element only(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        assertEquals(1, list.getLength(), "exactly one <" + tag + ">");
        return (Element) list.item(0);
    }

    @Test
    void slmWorkerIsPinnedStrictAndSeesSiblingPairs() throws Exception {
        VmSpec vm1 = VmsDirectory.readVm(VMS.resolve("vm1.json"));
        Document doc = parse(DomainXmlBuilder.build(vm1));
        Element domain = doc.getDocumentElement();
        assertEquals("domain", domain.getTagName());
        assertEquals("kvm", domain.getAttribute("type"));
        assertEquals("k3s-slm-worker-1", only(doc, "name").getTextContent());
        Element memory = (Element) domain.getElementsByTagName("memory").item(0);
        assertEquals(domain, memory.getParentNode(), "the domain's own <memory> comes first, before numatune's");
        assertEquals("122880", memory.getTextContent());
        assertEquals("MiB", memory.getAttribute("unit"));
        assertEquals("34", only(doc, "vcpu").getTextContent());
        assertEquals("static", only(doc, "vcpu").getAttribute("placement"));

        NodeList pins = doc.getElementsByTagName("vcpupin");
        assertEquals(34, pins.getLength());
        for (int i = 0; i < 34; i++) {
            Element pin = (Element) pins.item(i);
            assertEquals(Integer.toString(i), pin.getAttribute("vcpu"));
            int host = i % 2 == 0 ? i / 2 : i / 2 + 36;
            assertEquals(Integer.toString(host), pin.getAttribute("cpuset"), "vCPU " + i + " and its guest sibling share a host core");
        }
        assertEquals("17,53", only(doc, "emulatorpin").getAttribute("cpuset"));
        Element numa = (Element) only(doc, "numatune").getElementsByTagName("memory").item(0);
        assertEquals("strict", numa.getAttribute("mode"));
        assertEquals("0", numa.getAttribute("nodeset"));

        Element cpu = only(doc, "cpu");
        assertEquals("host-passthrough", cpu.getAttribute("mode"));
        Element topology = only(doc, "topology");
        assertEquals(List.of("1", "17", "2"), List.of(topology.getAttribute("sockets"), topology.getAttribute("cores"),
                topology.getAttribute("threads")));

        NodeList disks = doc.getElementsByTagName("disk");
        assertEquals(2, disks.getLength(), "the OS overlay and the staging disk");
        Element disk = (Element) disks.item(0);
        assertEquals("file", disk.getAttribute("type"));
        assertEquals("qcow2", ((Element) disk.getElementsByTagName("driver").item(0)).getAttribute("type"));
        assertEquals("/var/lib/libvirt/images/slm1.qcow2", ((Element) disk.getElementsByTagName("source").item(0)).getAttribute("file"));
        Element backing = (Element) disk.getElementsByTagName("backingStore").item(0);
        assertEquals("qcow2", ((Element) backing.getElementsByTagName("format").item(0)).getAttribute("type"));
        assertEquals("/var/lib/libvirt/images/ubuntu-22.04-base.qcow2",
                ((Element) backing.getElementsByTagName("source").item(0)).getAttribute("file"));
        assertEquals("vda", ((Element) disk.getElementsByTagName("target").item(0)).getAttribute("dev"));

        Element nic = only(doc, "interface");
        assertEquals("bridge", nic.getAttribute("type"));
        assertEquals("br0", ((Element) nic.getElementsByTagName("source").item(0)).getAttribute("bridge"));
        assertEquals("virtio", ((Element) nic.getElementsByTagName("model").item(0)).getAttribute("type"));
    }

    /** The seed: "Storage: 35GB OS + 100GB staging disk" on each SLM VM, a plain qcow2 of its own (not on the base image). */
    @Test
    void slmWorkersGetTheSeedsHundredGigabyteStagingDisk() throws Exception {
        for (String file : List.of("vm1.json", "vm2.json")) {
            VmSpec vm = VmsDirectory.readVm(VMS.resolve(file));
            assertEquals(100, vm.stagingDisk().sizeGb(), file);
            Element staging = (Element) parse(DomainXmlBuilder.build(vm)).getElementsByTagName("disk").item(1);
            assertEquals("file", staging.getAttribute("type"));
            assertEquals("qcow2", ((Element) staging.getElementsByTagName("driver").item(0)).getAttribute("type"));
            assertEquals(vm.stagingDisk().path(), ((Element) staging.getElementsByTagName("source").item(0)).getAttribute("file"));
            assertTrue(vm.stagingDisk().path().endsWith("-staging.qcow2"), vm.stagingDisk().path());
            assertEquals(0, staging.getElementsByTagName("backingStore").getLength(), "an empty disk of its own, not an overlay");
            assertEquals("vdb", ((Element) staging.getElementsByTagName("target").item(0)).getAttribute("dev"));
        }
    }

    /**
     * The seed's VM auto-restart: every domain carries an i6300esb watchdog that resets the VM when
     * the guest stops feeding it (systemd's RuntimeWatchdogSec, infra/vms/README.md). Autostart with
     * the host is libvirt's flag, not XML: LibvirtProvisioner sets it (LibvirtProvisionerIT).
     */
    @Test
    void everyVmCarriesAResettingWatchdog() throws Exception {
        for (String file : List.of("vm1.json", "vm2.json", "vm3-corrected.json")) {
            Document doc = parse(DomainXmlBuilder.build(VmsDirectory.readVm(VMS.resolve(file))));
            Element watchdog = only(doc, "watchdog");
            assertEquals("devices", watchdog.getParentNode().getNodeName(), file);
            assertEquals("i6300esb", watchdog.getAttribute("model"), file);
            assertEquals("reset", watchdog.getAttribute("action"), file);
        }
    }

    @Test
    void aStagingDiskMayNotTakeAPassthroughDisksTarget() {
        VmSpec vm3 = VmsDirectory.readVm(VMS.resolve("vm3-corrected.json"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new VmSpec(vm3.name(), vm3.vcpuCount(), vm3.memoryMb(), vm3.diskPath(), vm3.diskSizeGb(), vm3.baseImagePath(),
                        vm3.bridgeNetworkInterface(), vm3.tuning(), vm3.passthroughDisks(),
                        new StagingDisk("/var/lib/libvirt/images/minio-staging.qcow2", 100, "vdb")));
        assertTrue(e.getMessage().contains("vdb"), e.getMessage());
    }

    @Test
    void storageVmGetsTheHddAsABlockDevice() throws Exception {
        Document doc = parse(DomainXmlBuilder.build(VmsDirectory.readVm(VMS.resolve("vm3-corrected.json"))));
        NodeList disks = doc.getElementsByTagName("disk");
        assertEquals(2, disks.getLength());
        Element hdd = (Element) disks.item(1);
        assertEquals("block", hdd.getAttribute("type"));
        Element driver = (Element) hdd.getElementsByTagName("driver").item(0);
        assertEquals(List.of("raw", "none", "native"), List.of(driver.getAttribute("type"), driver.getAttribute("cache"),
                driver.getAttribute("io")));
        assertEquals("/dev/sdb", ((Element) hdd.getElementsByTagName("source").item(0)).getAttribute("dev"));
        assertEquals("vdb", ((Element) hdd.getElementsByTagName("target").item(0)).getAttribute("dev"));
        Element numa = (Element) only(doc, "numatune").getElementsByTagName("memory").item(0);
        assertEquals("interleave", numa.getAttribute("mode"));
        assertEquals("0-1", numa.getAttribute("nodeset"));
        assertEquals("3", only(doc, "topology").getAttribute("cores"));
    }

    @Test
    void unpinnedVmHasNoCputuneOrNumatune() throws Exception {
        VmSpec vm = new VmSpec("plain", 2, 2048, "/images/a&b.qcow2", 10, "/images/base.qcow2", "br0",
                new Tuning(null, null, null, 1, null), null);
        String xml = DomainXmlBuilder.build(vm);
        Document doc = parse(xml);
        assertEquals(0, doc.getElementsByTagName("cputune").getLength());
        assertEquals(0, doc.getElementsByTagName("numatune").getLength());
        assertEquals("/images/a&b.qcow2", ((Element) doc.getElementsByTagName("source").item(0)).getAttribute("file"));
        assertTrue(xml.contains("a&amp;b"), "the serializer escapes");
        assertEquals("1", only(doc, "topology").getAttribute("threads"));
    }
}
