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

        Element disk = only(doc, "disk");
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
